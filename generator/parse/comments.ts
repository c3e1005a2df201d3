/**
 * Comment attachment for the formatter: which ordinary comment goes where when a parsed spec is
 * printed again (print.ts). Comments are not part of the AST; this pass places every comment that is
 * not a declaration's doc comment relative to the "list items" of the tree — top-level declarations,
 * workload items, process/procedure locals and statements of every block, record type fields and
 * enum members — like prettier/gofmt:
 *
 * - A comment between two items that starts on the line where the previous item ends is a *trailing*
 *   comment of that item (kept at the end of its last line).
 * - A comment right after a block's `{`, on that line, before the first item, is an *open* comment of
 *   the block (kept after the `{`); the same for comments after the `spec` header on its line.
 * - Any other comment between items is a *leading* comment of the next item (its own line(s), at the
 *   item's indentation); after the last item it is an *end* comment of the block (kept before the
 *   `}`), or, at the top level, of the file.
 * - A comment inside an item but not inside one of its blocks (in an expression, a type, between
 *   `}` and `else`, after a label …) becomes a *moved* leading comment of the innermost such item:
 *   it is printed on its own line before that item. Except: a doc-style comment (`///`, `/** *\/`)
 *   moved out of a top-level declaration or the header would become its doc comment there; it is
 *   *embedded* instead — printed after the declaration's first keyword, ending that line.
 *
 * Blank lines: every printed entry (comment or item) records whether the source had at least one
 * blank line before it (since the previous entry of the same list); the printer keeps at most one.
 */
import type { Decl, Ident, LocalDecl, Param, RecordType, RefineItem, SpecFile, Stmt, TypeExpr, WorkloadItem } from "./ast.js";
import { writtenBody } from "./ast.js";
import { docCommentsBefore, scanTrivia, type Comment, type Trivia } from "./trivia.js";

/** One line of a list as printed: a comment on its own line(s), or an item (with its trailing comments). */
export type Entry =
  | {
      readonly kind: "comment";
      readonly comment: Comment;
      readonly blank: boolean;
      /** The comment was inside the next item (an expression, a head, …) and moves before it. */
      readonly moved: boolean;
    }
  | { readonly kind: "item"; readonly node: ListItem; readonly trailing: readonly Comment[]; readonly blank: boolean };

/** The nodes that are list items: the last two are record type fields and enum members. */
export type ListItem = Decl | Stmt | LocalDecl | WorkloadItem | RecordField | Ident | RefineItem;

/** One field of a record type. */
export type RecordField = RecordType["fields"][number];

/** The comments of one list (a block, a body, a workload, the top level). */
export interface ListComments {
  /** Comments after the opening `{` on its line (for the top level: after the header on its line). */
  readonly open: readonly Comment[];
  /** Every item, every leading/end comment, in print order. */
  readonly entries: readonly Entry[];
  /** True when the list has any comment at all (a `{}` must then be printed open). */
  readonly hasComments: boolean;
}

/** Where every preserved comment of one source text goes. */
export interface CommentPlan {
  readonly text: string;
  /** Comments before the header (and moved out of it), in print order. */
  readonly header: readonly Entry[];
  /** The source has a blank line between the last of `header` and the header (or its doc comment). */
  readonly headerBlank: boolean;
  /**
   * Lists by their key: the items array of the AST (`spec.decls`, a `Stmt[]`, `workload.items`, a
   * process/procedure `body` (locals and statements), a record type's `fields`, an enum's `members`).
   */
  list(key: readonly unknown[]): ListComments | undefined;
  /** True when an `else { if … }` must keep its braces: it was written so and has comments to keep inside. */
  readonly bracedElse: ReadonlySet<readonly Stmt[]>;
  /** Every comment the plan places (the source's comments minus attached doc comments). */
  readonly comments: readonly Comment[];
  /**
   * Declarations (and the header) whose doc comment is printed as a `/** *\/` block: the source wrote
   * it as one (the others are `///` lines).
   */
  readonly blockDoc: ReadonlySet<Decl | SpecFile>;
  /** Doc-style comments moved out of a declaration (or the header) that are printed after its first keyword. */
  embedded(node: Decl | SpecFile): readonly Comment[];
  /** The comments that move: they were inside an item (not in one of its blocks) and go before it (or are embedded). */
  readonly moved: readonly Comment[];
}

/**
 * The comments of `text` that are not doc comments attached to a declaration or the header (those
 * are in the AST as `doc`): what the formatter must reproduce verbatim.
 */
export function preservedComments(spec: SpecFile, text: string, trivia: Trivia = scanTrivia(text)): Comment[] {
  const consumed = new Set<Comment>();
  const consume = (doc: string | undefined, offset: number): void => {
    if (doc === undefined) return;
    for (const c of docCommentsBefore(text, trivia, offset)) consumed.add(c);
  };
  consume(spec.doc, spec.span.start.offset);
  for (const d of spec.decls) consume(d.doc, d.span.start.offset);
  return trivia.comments.filter((c) => !consumed.has(c));
}

// ---------------------------------------------------------------------------------------------

/** A list in the source: its key, the offsets of its `{` and `}` and its items. */
interface Region {
  readonly key: readonly unknown[];
  readonly open: number;
  readonly close: number;
  readonly items: readonly Item[];
}

interface Item {
  readonly node: ListItem;
  /** Where the item starts for blank-line purposes (its doc comment, if any). */
  readonly lead: number;
  readonly start: number;
  readonly end: number;
  readonly regions: readonly Region[];
}

interface Slots {
  open: Comment[];
  end: Comment[];
  leading: Map<ListItem, { comment: Comment; moved: boolean }[]>;
  trailing: Map<ListItem, Comment[]>;
}

/** Plans where each comment of `text` (parsed as `spec`) is printed. */
export function planComments(spec: SpecFile, text: string, trivia: Trivia = scanTrivia(text)): CommentPlan {
  const comments = preservedComments(spec, text, trivia);
  const braces = matchBraces(text, trivia);
  const b = new RegionBuilder(text, trivia, braces);
  const headerStart = spec.span.start.offset;
  const headerEnd = headerEndOffset(spec, text, trivia);
  const top: Region = {
    key: spec.decls,
    open: headerEnd - 1,
    close: text.length,
    items: spec.decls.map((d) => b.decl(d)),
  };

  const slots = new Map<readonly unknown[], Slots>();
  const slotsOf = (r: Region): Slots => {
    let s = slots.get(r.key);
    if (s === undefined) {
      s = { open: [], end: [], leading: new Map(), trailing: new Map() };
      slots.set(r.key, s);
    }
    return s;
  };
  for (const r of allRegions(top)) slotsOf(r);
  const header: { comment: Comment; moved: boolean }[] = [];

  for (const c of comments) {
    if (c.start < headerEnd) {
      header.push({ comment: c, moved: c.start >= headerStart });
      continue;
    }
    place(top, c);
  }

  function place(region: Region, c: Comment): void {
    const s = slotsOf(region);
    const inside = region.items.find((i) => i.start <= c.start && c.start < i.end);
    if (inside !== undefined) {
      const sub = inside.regions.find((r) => r.open < c.start && c.start < r.close);
      if (sub !== undefined) place(sub, c);
      else push(s.leading, inside.node, { comment: c, moved: true });
      return;
    }
    const prev = findLast(region.items, (i) => i.end <= c.start);
    const next = region.items.find((i) => i.start >= c.end);
    // A block comment with the next item after it on its line leads that item (`a, /* c */ b`).
    const leadsNext = c.kind !== "line" && c.kind !== "docLine" && next !== undefined && !text.slice(c.end, next.start).includes("\n");
    if (prev !== undefined && !leadsNext && !text.slice(prev.end, c.start).includes("\n")) push(s.trailing, prev.node, c);
    else if (prev === undefined && !leadsNext && !text.slice(region.open + 1, c.start).includes("\n")) s.open.push(c);
    else if (next !== undefined) push(s.leading, next.node, { comment: c, moved: false });
    else s.end.push(c);
  }

  const embedded = new Map<Decl | SpecFile, Comment[]>();
  const blockDoc = new Set<Decl | SpecFile>();
  /** A doc comment written as a `/** *\/` block is printed as one (a run of `///` lines stays lines). */
  const noteBlockDoc = (node: Decl | SpecFile): void => {
    const doc = docCommentsBefore(text, trivia, node.span.start.offset);
    if (node.doc !== undefined && doc[0]?.kind === "docBlock") blockDoc.add(node);
  };
  const isDoc = (c: Comment): boolean => c.kind === "docLine" || c.kind === "docBlock";
  const lists = new Map<readonly unknown[], ListComments>();
  for (const r of allRegions(top)) {
    const s = slotsOf(r);
    const entries: Entry[] = [];
    let prevEnd = -1;
    const blank = (start: number): boolean => {
      const gap = prevEnd >= 0 && start >= prevEnd ? text.slice(prevEnd, start) : "";
      return (gap.match(/\n/g)?.length ?? 0) >= 2;
    };
    let hasComments = s.open.length > 0 || s.end.length > 0;
    for (const item of r.items) {
      for (const { comment, moved } of (s.leading.get(item.node) ?? []).sort((x, y) => x.comment.start - y.comment.start)) {
        hasComments = true;
        if (moved && r === top && isDoc(comment)) {
          push(embedded, item.node as Decl, comment);
          continue;
        }
        const start = moved ? item.lead : comment.start;
        entries.push({ kind: "comment", comment, blank: blank(start), moved });
        prevEnd = moved ? item.lead : comment.end;
      }
      if (r === top) noteBlockDoc(item.node as Decl);
      const trailing = s.trailing.get(item.node) ?? [];
      if (trailing.length > 0) hasComments = true;
      entries.push({ kind: "item", node: item.node, trailing, blank: blank(item.lead) });
      prevEnd = Math.max(item.end, ...trailing.map((t) => t.end));
    }
    for (const comment of s.end) {
      entries.push({ kind: "comment", comment, blank: blank(comment.start), moved: false });
      prevEnd = comment.end;
    }
    lists.set(r.key, { open: s.open, entries, hasComments });
  }

  const headerEntries: Entry[] = [];
  let prevEnd = -1;
  for (const { comment, moved } of header) {
    if (moved && isDoc(comment)) {
      push(embedded, spec, comment);
      continue;
    }
    const start = moved ? headerStart : comment.start;
    const gap = prevEnd >= 0 && start >= prevEnd ? text.slice(prevEnd, start) : "";
    headerEntries.push({ kind: "comment", comment, blank: (gap.match(/\n/g)?.length ?? 0) >= 2, moved });
    prevEnd = moved ? headerStart : comment.end;
  }
  noteBlockDoc(spec);
  // The header's doc comment (if any) is where the header starts for the blank line before it.
  const headerLead = docCommentsBefore(text, trivia, headerStart)[0]?.start ?? headerStart;
  const headerBlank = prevEnd >= 0 && headerLead >= prevEnd && (text.slice(prevEnd, headerLead).match(/\n/g)?.length ?? 0) >= 2;

  const bracedElse = new Set<readonly Stmt[]>();
  for (const r of b.bracedElses) if (lists.get(r)?.hasComments) bracedElse.add(r);

  return {
    text,
    header: headerEntries,
    headerBlank,
    list: (key) => lists.get(key),
    bracedElse,
    comments,
    blockDoc,
    embedded: (node) => embedded.get(node) ?? [],
    moved: [
      ...[...headerEntries, ...[...lists.values()].flatMap((l) => l.entries)].flatMap((e) => (e.kind === "comment" && e.moved ? [e.comment] : [])),
      ...[...embedded.values()].flat(),
    ].sort((a, b) => a.start - b.start),
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a === undefined) m.set(k, [v]);
  else a.push(v);
}

function findLast<T>(xs: readonly T[], p: (x: T) => boolean): T | undefined {
  for (let i = xs.length - 1; i >= 0; i--) {
    const x = xs[i] as T;
    if (p(x)) return x;
  }
  return undefined;
}

function* allRegions(r: Region): Generator<Region> {
  yield r;
  for (const i of r.items) for (const sub of i.regions) yield* allRegions(sub);
}

/** The offset just after the header (`spec Name [extends "…"] [;]`). */
function headerEndOffset(spec: SpecFile, text: string, trivia: Trivia): number {
  const first = spec.decls[0];
  // The header's own span is not in the AST: it ends at the last token before the first declaration
  // (or before the end of the text).
  const limit = first === undefined ? text.length : first.span.start.offset;
  let end = spec.extends?.span.end.offset ?? spec.name.span.end.offset;
  const semi = nextToken(text, trivia, end);
  if (semi < limit && text[semi] === ";") end = semi + 1;
  return end;
}

function nextToken(text: string, trivia: Trivia, offset: number): number {
  const starts = new Map(trivia.comments.map((c) => [c.start, c] as const));
  let o = offset;
  for (;;) {
    while (o < text.length && /\s|\uFEFF/.test(text[o] ?? "")) o++;
    const c = starts.get(o);
    if (c === undefined) return o;
    o = c.end;
  }
}

/** Braces outside strings and comments: the sorted offsets of `{` and each one's matching `}`. */
interface Braces {
  readonly opens: readonly number[];
  readonly match: ReadonlyMap<number, number>;
}

function matchBraces(text: string, trivia: Trivia): Braces {
  const commentAt = new Map(trivia.comments.map((c) => [c.start, c] as const));
  const opens: number[] = [];
  const match = new Map<number, number>();
  const stack: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const cm = commentAt.get(i);
    if (cm !== undefined) {
      i = cm.end;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      i++;
    } else {
      if (c === "{") {
        opens.push(i);
        stack.push(i);
      } else if (c === "}") {
        const o = stack.pop();
        if (o !== undefined) match.set(o, i);
      }
      i++;
    }
  }
  return { opens, match };
}

/** Builds the regions (lists with their braces) of declarations and statements. */
class RegionBuilder {
  /** `else` lists written `else { … }` that the printer could print as `else if`. */
  readonly bracedElses: (readonly Stmt[])[] = [];

  constructor(
    private readonly text: string,
    private readonly trivia: Trivia,
    private readonly braces: Braces,
  ) {}

  decl(d: Decl): Item {
    const regions: Region[] = [];
    switch (d.kind) {
      case "ActionDecl":
        regions.push(this.block(writtenBody(d.body), this.braceAfter(d.guard?.span.end.offset ?? d.params.at(-1)?.span.end.offset ?? d.name.span.end.offset)));
        break;
      case "MacroDecl":
        regions.push(this.block(d.body, this.braceAfter(d.params.at(-1)?.span.end.offset ?? d.name.span.end.offset)));
        break;
      case "ProcessDecl":
      case "ProcedureDecl": {
        const after = d.kind === "ProcessDecl" ? d.instances?.span.end.offset : d.params.at(-1)?.span.end.offset;
        const open = this.braceAfter(after ?? d.name.span.end.offset);
        const items = [...d.locals.map((l) => this.leaf(l)), ...d.body.map((s) => this.stmt(s))];
        regions.push(this.region(d.body, open, items));
        break;
      }
      case "WorkloadDecl":
        regions.push(
          this.region(
            d.items,
            this.braceAfter(d.name.span.end.offset),
            d.items.map((i) => this.leaf(i)),
          ),
        );
        break;
      case "RefinesDecl":
        regions.push(
          this.region(
            d.items,
            this.braceAfter(d.file.span.end.offset),
            d.items.map((i) => this.leaf(i)),
          ),
        );
        break;
      case "EnumDecl":
        regions.push(
          this.region(
            d.members,
            this.braceAfter(d.name.span.end.offset),
            d.members.map((m) => this.leaf(m)),
          ),
        );
        break;
      case "ConstDecl":
      case "TypeDecl":
      case "VarDecl":
        regions.push(...this.typeRegions(d.type));
        break;
      case "DefDecl":
        regions.push(...this.paramRegions(d.params), ...this.typeRegions(d.result));
        break;
      default:
        break;
    }
    if (d.kind === "ProcedureDecl") regions.push(...this.paramRegions(d.params));
    const start = d.span.start.offset;
    const lead = docCommentsBefore(this.text, this.trivia, start)[0]?.start;
    return { node: d, lead: d.doc !== undefined && lead !== undefined ? lead : start, start, end: d.span.end.offset, regions };
  }

  private leaf(n: LocalDecl | WorkloadItem | Ident | RefineItem): Item {
    const regions = n.kind === "LocalDecl" ? this.typeRegions(n.type) : [];
    return { node: n, lead: n.span.start.offset, start: n.span.start.offset, end: n.span.end.offset, regions };
  }

  private paramRegions(params: readonly Param[]): Region[] {
    return params.flatMap((p) => this.typeRegions(p.type));
  }

  /** The record types in `t` (outermost first). */
  private typeRegions(t: TypeExpr): Region[] {
    switch (t.kind) {
      case "RecordType": {
        const items = t.fields.map((f): Item => {
          const start = f.name.span.start.offset;
          return { node: f, lead: start, start, end: f.type.span.end.offset, regions: this.typeRegions(f.type) };
        });
        return [this.region(t.fields, t.span.start.offset, items)];
      }
      case "SetType":
      case "SeqType":
      case "OptionType":
        return this.typeRegions(t.elem);
      case "MapType":
        return [...this.typeRegions(t.key), ...this.typeRegions(t.value)];
      case "TupleType":
        return t.elems.flatMap((x) => this.typeRegions(x));
      default:
        return [];
    }
  }

  private stmt(s: Stmt): Item {
    const start = s.span.start.offset;
    return { node: s, lead: start, start, end: s.span.end.offset, regions: this.stmtRegions(s) };
  }

  private stmtRegions(s: Stmt): Region[] {
    switch (s.kind) {
      case "IfStmt": {
        const then = this.block(s.then, this.braceAfter(s.cond.span.end.offset));
        if (s.else === undefined) return [then];
        const elseKw = nextToken(this.text, this.trivia, then.close + 1);
        const after = nextToken(this.text, this.trivia, elseKw + "else".length);
        if (this.text[after] !== "{") {
          // `else if …`: the inner if is part of this statement.
          const inner = s.else[0];
          return inner === undefined ? [then] : [then, ...this.stmtRegions(inner)];
        }
        const only = s.else.length === 1 ? s.else[0] : undefined;
        if (only !== undefined && only.kind === "IfStmt" && only.label === undefined) this.bracedElses.push(s.else);
        return [then, this.block(s.else, after)];
      }
      case "WhileStmt":
        return [this.block(s.body, this.braceAfter(s.cond.span.end.offset))];
      case "WithStmt":
        return [this.block(writtenBody(s.body), this.braceAfter(s.binders.at(-1)?.span.end.offset ?? s.span.start.offset))];
      case "BlockStmt":
        return [this.block(s.body, this.braceAfter(s.label?.span.end.offset ?? s.span.start.offset))];
      case "EitherStmt": {
        const out: Region[] = [];
        let from = s.label?.span.end.offset ?? s.span.start.offset;
        for (const branch of s.branches) {
          const r = this.block(branch, this.braceAfter(from));
          out.push(r);
          from = r.close + 1;
        }
        return out;
      }
      default:
        return [];
    }
  }

  private block(stmts: readonly Stmt[], open: number): Region {
    return this.region(
      stmts,
      open,
      stmts.map((s) => this.stmt(s)),
    );
  }

  private region(key: readonly unknown[], open: number, items: readonly Item[]): Region {
    const close = this.braces.match.get(open);
    if (close === undefined) throw new Error(`comment placement: no \`}\` matches the \`{\` at offset ${open}`);
    return { key, open, close, items };
  }

  /** The first `{` (outside strings and comments) at or after `offset`. */
  private braceAfter(offset: number): number {
    const opens = this.braces.opens;
    let lo = 0;
    let hi = opens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((opens[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    const o = opens[lo];
    if (o === undefined) throw new Error(`comment placement: no \`{\` after offset ${offset}`);
    return o;
  }
}
