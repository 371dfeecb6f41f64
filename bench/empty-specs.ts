import { dirname, relative, resolve } from 'node:path'
import ts from 'typescript'

const TESTS = new Set(['it', 'test'])
const HOOKS = new Set(['beforeAll', 'beforeEach', 'afterAll', 'afterEach'])
const STUB = '__benchEmptyInvariants'

/** The identifier a call chain starts from: `it` for `it(...)`, `it.fails(...)`, `it.each(rows)(...)`. */
function rootName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text
  if (ts.isPropertyAccessExpression(expression)) return rootName(expression.expression)
  if (ts.isCallExpression(expression)) return rootName(expression.expression)
  return undefined
}

/**
 * The spec file with every test and hook body emptied (`it`, `test` and
 * their modifiers, `before*`/`after*`), `invariants(pipeline, entries)`
 * turned into one empty test per entry, and relative imports rewritten for
 * the copy's new location. Imports, describe blocks and top-level code stay,
 * so Vitest collects the same tests from the same module graph.
 */
export function emptySpec(source: string, from: string, to: string): string {
  const file = ts.createSourceFile(from, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const edits: { start: number; end: number; text: string }[] = []
  const rewrite = (literal: ts.StringLiteralLike): void => {
    if (!literal.text.startsWith('.')) return
    let target = relative(dirname(to), resolve(dirname(from), literal.text)).split('\\').join('/')
    if (!target.startsWith('.')) target = `./${target}`
    edits.push({ start: literal.getStart(file), end: literal.getEnd(), text: JSON.stringify(target) })
  }
  let stubbed = false
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) rewrite(node.moduleSpecifier)
    if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) rewrite(node.arguments[0])
      const name = rootName(node.expression)
      if (name === 'invariants' && ts.isIdentifier(node.expression)) {
        edits.push({ start: node.expression.getStart(file), end: node.expression.getEnd(), text: STUB })
        stubbed = true
      } else if (name && (TESTS.has(name) || HOOKS.has(name))) {
        // The body is the first argument (after a test's name) that is not a literal or an options
        // object: an inline function, or a function defined elsewhere and passed by name.
        const fn = node.arguments.slice(TESTS.has(name) ? 1 : 0).find((a) => !ts.isStringLiteralLike(a) && !ts.isNumericLiteral(a) && !ts.isObjectLiteralExpression(a) && !ts.isTemplateExpression(a))
        if (fn) {
          // An expected failure (`.fails`) must still fail, so that both runs report the same outcomes.
          // A test whose modifier is chosen at run time (`const t = ok ? it : it.fails; t(...)`) is
          // one the source cannot tell: its empty body asks its own task whether it is `.fails`.
          const callee = node.expression.getText(file)
          const fails = callee.includes('.fails')
          const rows = callee.includes('.each') || callee.includes('.for')
          const body = fails ? "() => { throw new Error('empty body') }"
            : TESTS.has(name) && !rows ? "(ctx: { task: { fails?: boolean } }) => { if (ctx.task.fails) throw new Error('empty body') }"
            : '() => {}'
          edits.push({ start: fn.getStart(file), end: fn.getEnd(), text: body })
          return
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  let out = source
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  if (stubbed) {
    out = `import { test as __benchTest } from 'vitest'\n${out}\n` +
      `function ${STUB}(_pipeline: unknown, entries: Record<string, unknown>): void {\n  for (const name of Object.keys(entries)) __benchTest(name, () => {})\n}\n`
  }
  return out
}
