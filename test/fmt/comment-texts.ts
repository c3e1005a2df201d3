/** Test helper: the comments a formatter must keep, as a sorted multiset of normalised texts. */
import { parseSpec } from "../../generator/parse/parse.js";
import { preservedComments } from "../../generator/parse/comments.js";
import { scanTrivia } from "../../generator/parse/trivia.js";

/**
 * The texts of the comments of `text` that are not doc comments attached to a declaration or the
 * header (those are AST `doc`s, compared by the round trip), found by the trivia scanner; each line
 * trimmed (the formatter re-indents and right-trims), sorted.
 */
export function commentTexts(text: string, file = "c.tspec"): string[] {
  const spec = parseSpec(text, file).spec;
  if (spec === undefined) throw new Error(`${file} does not parse`);
  const trivia = scanTrivia(text);
  return preservedComments(spec, text, trivia)
    .map((c) =>
      text
        .slice(c.start, c.end)
        .split("\n")
        .map((l) => l.trim())
        .join("\n"),
    )
    .sort();
}
