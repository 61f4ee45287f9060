/**
 * Scans built JavaScript (dist/**\/*.js, minified) for React APIs that React 19 removed, in our code
 * and in every library the bundles carry. Grafana 13.2 always runs React 19; a plugin built with
 * React 18 keeps working only if nothing it ships uses these. Grafana's own scanner
 * (`@grafana/react-detect`) is not on the registry we reach, so this is ours.
 *
 * The code is parsed (TypeScript's parser, a declared dev dependency), never matched as raw text, so
 * a word inside a string or comment (`href:"/x"`, a warning message) does not count.
 *
 * What it detects, and its limits (docs/panels.md, "React 19"):
 * - react-internals: `__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED`, which a bundled copy of
 *   react, react-dom or react/jsx-runtime reads; React 19 renamed it.
 * - findDOMNode, unmountComponentAtNode: any use of the name (they exist only on ReactDOM).
 * - legacy-render: `x.render(element, container)` or `x.hydrate(...)` whose first argument creates an
 *   element (createElement/jsx call). A root's `render(element)` takes one argument and is allowed.
 *   Missed: ReactDOM.render called with an element held in a variable.
 * - string-ref: `ref: "name"` in the props of a createElement/jsx call, and reads of `this.refs`.
 *   Missed: a string ref in props built elsewhere.
 * - legacy-context: assigning `contextTypes`/`childContextTypes`, a `getChildContext` method or a
 *   static field of those names, or defining them through a helper call (`_defineProperty(X,
 *   "contextTypes", …)`). Object-literal keys are not flagged: hoist-non-react-statics lists them as
 *   `{ contextTypes: true, … }` to copy statics, which React 19 does not mind.
 * - default-props: `X.defaultProps = …` (or the helper-call form) where X is not a class component.
 *   Allowed: X declared as a class, a static class field, or an ES5 class (`X.prototype.render = …`,
 *   or an IIFE wrapping a `*.Component`/`*.PureComponent`). A function, arrow, forwardRef or memo
 *   result is a finding; when X cannot be resolved in the file the finding says so ("unresolved"),
 *   to be reviewed rather than waved through.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

export type React19Api = 'react-internals' | 'findDOMNode' | 'unmountComponentAtNode' | 'legacy-render' | 'string-ref' | 'legacy-context' | 'default-props';

/** One use of a removed API. */
export interface React19Finding {
  file: string;
  api: React19Api;
  /** 1-based line and column in the file. */
  line: number;
  column: number;
  /** What was found, in a few words, with a snippet of the code. */
  detail: string;
}

const INTERNALS = '__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED';
const LEGACY_CONTEXT = new Set(['contextTypes', 'childContextTypes', 'getChildContext']);
const ELEMENT_FACTORIES = new Set(['createElement', 'jsx', 'jsxs', 'jsxDEV']);

/** Name of a property access, identifier or string-literal element access, else undefined. */
function nameOf(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
    return node.text;
  }
  if (ts.isPropertyAccessExpression(node)) {
    return node.name.text;
  }
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    return node.argumentExpression.text;
  }
  if (ts.isParenthesizedExpression(node)) {
    return nameOf(node.expression);
  }
  // `(0, o.jsx)(…)`: the comma expression's last operand is what is called.
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.CommaToken) {
    return nameOf(node.right);
  }
  return undefined;
}

/** The object an access reads from: `a` of `a.b` and `a["b"]`. */
function targetOf(node: ts.Node): ts.Expression | undefined {
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    return node.expression;
  }
  return undefined;
}

function createsElement(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && ELEMENT_FACTORIES.has(nameOf(node.expression) ?? '');
}

function isClassLike(node: ts.Node | undefined): boolean {
  return !!node && (ts.isClassDeclaration(node) || ts.isClassExpression(node));
}

function isFunctionLike(node: ts.Node | undefined): boolean {
  return !!node && (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node));
}

/** An ES5 class as transpilers emit it: an IIFE given `*.Component` or `*.PureComponent` to extend. */
function isEs5ClassIife(node: ts.Expression): boolean {
  let e: ts.Expression = node;
  while (ts.isParenthesizedExpression(e)) {
    e = e.expression;
  }
  return ts.isCallExpression(e) && e.arguments.some((a) => /^(Pure)?Component$/.test(nameOf(a) ?? ''));
}

/**
 * What `name` is, seen from `from`: the nearest declaration in an enclosing scope. Minified bundles
 * reuse short names in nested functions, so the innermost declaration wins.
 */
function resolveDeclaration(name: string, from: ts.Node): 'class' | 'function' | 'other' | undefined {
  for (let scope: ts.Node | undefined = from.parent; scope; scope = scope.parent) {
    if (!(ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || isFunctionLike(scope) || ts.isCaseClause(scope))) {
      continue;
    }
    let found: 'class' | 'function' | 'other' | undefined;
    const visit = (n: ts.Node): void => {
      if (found) {
        return;
      }
      if (ts.isClassDeclaration(n) && n.name?.text === name) {
        found = 'class';
      } else if (ts.isFunctionDeclaration(n) && n.name?.text === name) {
        found = classByPrototype(name, scope!) ? 'class' : 'function';
      } else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer) {
        const init = n.initializer;
        found = isClassLike(init) || isEs5ClassIife(init) || classByPrototype(name, scope!) ? 'class' : isFunctionLike(init) || ts.isCallExpression(init) ? 'function' : 'other';
      } else if (ts.isParameter(n) && ts.isIdentifier(n.name) && n.name.text === name) {
        found = 'other';
      }
      // Declarations in nested functions belong to those scopes, not this one.
      if (!found && (n === scope || !(isFunctionLike(n) || ts.isClassLike(n)))) {
        ts.forEachChild(n, visit);
      }
    };
    if (isFunctionLike(scope)) {
      (scope as ts.SignatureDeclaration).parameters.forEach(visit);
      const body = (scope as ts.FunctionLikeDeclaration).body;
      if (body) {
        ts.forEachChild(body, visit);
      }
    } else {
      ts.forEachChild(scope, visit);
    }
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** True when `scope` assigns `name.prototype.render` or `name.prototype.isReactComponent` (an ES5 class). */
function classByPrototype(name: string, scope: ts.Node): boolean {
  let yes = false;
  const visit = (n: ts.Node): void => {
    if (yes) {
      return;
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = n.left;
      const proto = targetOf(left);
      if (/^(render|isReactComponent)$/.test(nameOf(left) ?? '') && proto && nameOf(proto) === 'prototype' && nameOf(targetOf(proto) ?? proto) === name) {
        yes = true;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return yes;
}

function snippet(code: string, node: ts.Node, sf: ts.SourceFile): string {
  const text = code.slice(node.getStart(sf), node.getEnd()).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Findings in one file's code. */
export function scanSource(code: string, file: string): React19Finding[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out: React19Finding[] = [];
  const add = (api: React19Api, node: ts.Node, detail: string) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ file, api, line: line + 1, column: character + 1, detail: `${detail}: ${snippet(code, node, sf)}` });
  };

  const defaultPropsOn = (target: ts.Expression, node: ts.Node) => {
    const name = ts.isIdentifier(target) ? target.text : undefined;
    const what = name ? resolveDeclaration(name, node) : undefined;
    if (what === 'class') {
      return;
    }
    const detail =
      what === 'function' ? `defaultProps on ${name}, a function component (React 19 ignores it)` : `defaultProps on ${name ?? 'an expression'}, which is not a known class (unresolved)`;
    add('default-props', node, detail);
  };

  const visit = (node: ts.Node): void => {
    // Names: identifiers and property names anywhere in code (not in strings or comments).
    if (ts.isIdentifier(node)) {
      if (node.text === INTERNALS) {
        add('react-internals', node, 'React 18 internals, read by a bundled react, react-dom or react/jsx-runtime');
      } else if (node.text === 'findDOMNode' || node.text === 'unmountComponentAtNode') {
        add(node.text, node, `ReactDOM.${node.text}`);
      }
    }
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
      const key = node.argumentExpression.text;
      if (key === INTERNALS) {
        add('react-internals', node, 'React 18 internals, read by a bundled react, react-dom or react/jsx-runtime');
      } else if (key === 'findDOMNode' || key === 'unmountComponentAtNode') {
        add(key, node, `ReactDOM.${key}`);
      }
    }
    if (ts.isCallExpression(node)) {
      const called = nameOf(node.expression);
      // ReactDOM.render(element, container) / hydrate: two or more arguments, the first an element.
      if ((called === 'render' || called === 'hydrate') && targetOf(node.expression) && node.arguments.length >= 2 && createsElement(node.arguments[0])) {
        add('legacy-render', node, `ReactDOM.${called}(element, container)`);
      }
      // String refs in the props of an element.
      if (createsElement(node) && node.arguments.length >= 2 && ts.isObjectLiteralExpression(node.arguments[1])) {
        for (const p of node.arguments[1].properties) {
          if (ts.isPropertyAssignment(p) && nameOf(p.name) === 'ref' && ts.isStringLiteralLike(p.initializer)) {
            add('string-ref', p, 'string ref');
          }
        }
      }
      // Helper-defined statics: _defineProperty(X, "contextTypes" | "defaultProps", value).
      if (node.arguments.length === 3 && ts.isStringLiteralLike(node.arguments[1])) {
        const key = node.arguments[1].text;
        if (LEGACY_CONTEXT.has(key)) {
          add('legacy-context', node, `legacy context (${key})`);
        } else if (key === 'defaultProps') {
          defaultPropsOn(node.arguments[0], node);
        }
      }
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'refs' && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      add('string-ref', node, 'this.refs (string refs)');
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const key = nameOf(node.left);
      const target = targetOf(node.left);
      if (target && key && LEGACY_CONTEXT.has(key)) {
        add('legacy-context', node, `legacy context (${key})`);
      } else if (target && key === 'defaultProps') {
        defaultPropsOn(target, node);
      }
    }
    // Class members: getChildContext() {}, static contextTypes = …; static defaultProps is allowed.
    if ((ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node)) && ts.isClassLike(node.parent) && LEGACY_CONTEXT.has(nameOf(node.name) ?? '')) {
      add('legacy-context', node, `legacy context (${nameOf(node.name)})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every .js file under `dir`, recursively, sorted. */
export function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      out.push(...jsFiles(p));
    } else if (entry.endsWith('.js')) {
      out.push(p);
    }
  }
  return out;
}

/** Findings in every .js file under `dir`; file names relative to `dir`. */
export function scanDir(dir: string): React19Finding[] {
  return jsFiles(dir).flatMap((f) => scanSource(readFileSync(f, 'utf8'), relative(dir, f)));
}

/** One line per finding: "file:line:column api: detail". */
export function formatFinding(f: React19Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.api}: ${f.detail}`;
}

if (require.main === module) {
  const dir = process.argv[2] ?? 'dist';
  const findings = scanDir(dir);
  for (const f of findings) {
    process.stdout.write(`${formatFinding(f)}\n`);
  }
  process.stdout.write(`${findings.length} use(s) of APIs React 19 removed in ${dir}\n`);
  process.exitCode = findings.length ? 1 : 0;
}
