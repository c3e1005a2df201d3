/**
 * The runtime import of a generated model names what the model's code uses, and nothing else: the
 * emitted file is read as documentation, and an import list of helpers and types that nothing refers
 * to is noise a reader has to check. Uses are found on the parsed TypeScript, not by searching the
 * text, so that a property called `holds` or the word "range" in a doc comment does not count.
 */
import type { ts as Ts } from "ts-morph";
import { tsMorph } from "./ts-morph.js";

const { ts } = tsMorph;

/** The identifiers `source` refers to: names in expressions and types, not property names, declarations of members or imports. */
export function referencedNames(source: string): Set<string> {
  const file = ts.createSourceFile("model.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const names = new Set<string>();
  const visit = (node: Ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node) && !isMemberName(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

/** A name that labels a member (`x.name`, `{ name: … }`, `name(): …` in a class) rather than referring to a binding. */
function isMemberName(id: Ts.Identifier): boolean {
  const p = id.parent;
  return (
    ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && (ts.isPropertyAccessExpression(p) ? p.name : p.right) === id) ||
    ((ts.isPropertyAssignment(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isMethodSignature(p) ||
      ts.isGetAccessorDeclaration(p) ||
      ts.isSetAccessorDeclaration(p) ||
      ts.isEnumMember(p)) &&
      p.name === id) ||
    (ts.isBindingElement(p) && p.propertyName === id)
  );
}

/**
 * `source` with its first import (the runtime's) naming exactly the `candidates` its code refers to, in
 * the candidates' order (`type X` for a type-only import). A candidate the code does not use is left out.
 */
export function pruneRuntimeImport(source: string, candidates: readonly string[]): string {
  const used = referencedNames(source);
  const kept = candidates.filter((c) => used.has(c.replace(/^type /, "")));
  return source.replace(/import \{[^}]*\} from/, `import { ${kept.join(", ")} } from`);
}
