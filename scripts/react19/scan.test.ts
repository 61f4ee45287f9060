/**
 * The React 19 scan: each detector on small pieces of code shaped like minified bundles (what it must
 * find and what it must let through), then the real build: dist/**\/*.js must use none of the APIs
 * React 19 removed (Grafana 13.2 always runs React 19).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatFinding, scanDir, scanSource } from './scan';

const apis = (code: string) => scanSource(code, 'x.js').map((f) => f.api);

describe('react 19 scan: detectors', () => {
  it('finds React 18 internals read by a bundled react/jsx-runtime', () => {
    expect(apis('var o=r.__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED.ReactCurrentOwner;')).toEqual(['react-internals']);
    expect(apis('var o=r["__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED"];')).toEqual(['react-internals']);
  });

  it('finds findDOMNode, unmountComponentAtNode and ReactDOM.render with an element', () => {
    expect(apis('var n=i().findDOMNode(this);')).toEqual(['findDOMNode']);
    expect(apis('a.unmountComponentAtNode(c);')).toEqual(['unmountComponentAtNode']);
    expect(apis('l.render(r().createElement(X,null),c);')).toEqual(['legacy-render']);
    expect(apis('l.hydrate((0,s.jsx)(X,{}),c);')).toEqual(['legacy-render']);
  });

  it('lets a root render and words inside strings through', () => {
    expect(apis('(0,d.createRoot)(c).render(r().createElement(X,null));')).toEqual([]);
    expect(apis('var m="findDOMNode is deprecated",h={href:"/connections"};r().createElement("a",{href:"/x"});')).toEqual([]);
    expect(apis('u.render(t,e);')).toEqual([]); // a template engine's render(template, view)
  });

  it('finds string refs in element props and reads of this.refs', () => {
    expect(apis('r().createElement("input",{ref:"field"});')).toEqual(['string-ref']);
    expect(apis('(0,s.jsx)("div",{ref:"box",children:1});')).toEqual(['string-ref']);
    expect(apis('var v=this.refs.field.value;')).toEqual(['string-ref']);
    expect(apis('r().createElement("input",{ref:this.input});var g={ref:"main"};')).toEqual([]);
  });

  it('finds legacy context: assigned, helper-defined and as class members', () => {
    expect(apis('t.childContextTypes={a:n.object};')).toEqual(['legacy-context']);
    expect(apis('o(t,"contextTypes",{store:n.object});')).toEqual(['legacy-context']);
    expect(apis('class P extends r.Component{getChildContext(){return{}}static contextTypes={}}')).toEqual(['legacy-context', 'legacy-context']);
    // hoist-non-react-statics lists the names of statics; that is not a use.
    expect(apis('var R={childContextTypes:!0,contextTypes:!0,defaultProps:!0,getChildContext:!0};')).toEqual([]);
  });

  it('finds defaultProps on function components and allows it on classes', () => {
    expect(apis('function B(e){return null}B.defaultProps={size:"md"};')).toEqual(['default-props']);
    expect(apis('const B=e=>null;B.defaultProps={};')).toEqual(['default-props']);
    expect(apis('var B=r().forwardRef((e,t)=>null);B.defaultProps={};')).toEqual(['default-props']);
    expect(apis('class C extends r.Component{render(){return null}}C.defaultProps={};')).toEqual([]);
    expect(apis('var C=class extends r.PureComponent{};C.defaultProps={};')).toEqual([]);
    expect(apis('class C extends r.Component{static defaultProps={a:1}}')).toEqual([]);
    expect(apis('var C=function(e){function t(){}return i(t,e),t}(r.Component);C.defaultProps={};')).toEqual([]);
    expect(apis('function C(){}C.prototype.render=function(){};C.defaultProps={};')).toEqual([]);
    // The nearest declaration decides: an inner function shadows an outer class of the same name.
    expect(apis('class A{}function f(){function A(){}A.defaultProps={}}')).toEqual(['default-props']);
  });

  it('reports defaultProps it cannot resolve as such, to be reviewed', () => {
    const [f] = scanSource('e.exports.defaultProps={a:1};', 'lib.js');
    expect(formatFinding(f)).toBe('lib.js:1:1 default-props: defaultProps on an expression, which is not a known class (unresolved): e.exports.defaultProps={a:1}');
  });
});

describe('react 19 scan: the built plugin', () => {
  const dist = join(__dirname, '..', '..', 'dist');

  it('finds no API React 19 removed in dist/**/*.js (our code and every bundled library)', () => {
    if (!existsSync(join(dist, 'module.js'))) {
      throw new Error('dist/module.js is missing: run `npm run build` first (npm test does this).');
    }
    // One line per use, naming the file and the API, so a failure says what to fix.
    expect(scanDir(dist).map(formatFinding)).toEqual([]);
  });
});
