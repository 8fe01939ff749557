// A small XML well-formedness check for the SVG tests: one root, balanced and properly nested
// tags, quoted and unique attributes, only the five predefined entities (or numeric ones), no stray
// `<` or `&`. Returns the elements as [name, attributes, text] so tests can look inside.
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** The text directly inside, entities decoded. */
  text: string;
  children: XmlElement[];
  /** Text and child elements in document order. */
  content: (string | XmlElement)[];
}

const ENTITY = /&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
const NAME = /[A-Za-z_:][\w.:-]*/y;

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'lt'
      ? '<'
      : e === 'gt'
        ? '>'
        : e === 'amp'
          ? '&'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

/** Throws an Error naming the offset on the first fault; returns the root element. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`not well-formed XML at ${i}: ${message} near ${JSON.stringify(source.slice(Math.max(0, i - 30), i + 30))}`);
  };
  const checkText = (text: string) => {
    for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
      ENTITY.lastIndex = k;
      if (!ENTITY.test(text)) fail(`bad entity in ${JSON.stringify(text.slice(k, k + 10))}`);
    }
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  if (source.startsWith('<?xml')) i = source.indexOf('?>') + 2;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = source.slice(i, lt < 0 ? source.length : lt);
    if (text.trim() && !stack.length) fail('text outside the root');
    if (stack.length && text) {
      checkText(text);
      if (text.includes('>')) fail('stray >');
      stack[stack.length - 1].text += decode(text);
      stack[stack.length - 1].content.push(decode(text));
    }
    if (lt < 0) break;
    i = lt + 1;
    if (source.startsWith('!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) fail('unclosed comment');
      i = end + 3;
      continue;
    }
    if (source[i] === '/') {
      i++;
      NAME.lastIndex = i;
      const m = NAME.exec(source) ?? fail('bad closing tag');
      i = NAME.lastIndex;
      while (/\s/.test(source[i])) i++;
      if (source[i] !== '>') fail('closing tag not closed');
      i++;
      const open = stack.pop();
      if (!open || open.name !== m[0]) fail(`</${m[0]}> closes <${open?.name}>`);
      continue;
    }
    NAME.lastIndex = i;
    const m = NAME.exec(source) ?? fail('bad tag name');
    i = NAME.lastIndex;
    const element: XmlElement = { name: m[0], attributes: {}, text: '', children: [], content: [] };
    for (;;) {
      const before = i;
      while (/\s/.test(source[i])) i++;
      if (source[i] === '>' || source.startsWith('/>', i)) break;
      if (i === before) fail('attributes must be separated by space');
      NAME.lastIndex = i;
      const a = NAME.exec(source) ?? fail('bad attribute name');
      i = NAME.lastIndex;
      if (source[i] !== '=') fail(`attribute ${a[0]} without a value`);
      const quote = source[i + 1];
      if (quote !== '"' && quote !== "'") fail(`attribute ${a[0]} not quoted`);
      const end = source.indexOf(quote, i + 2);
      if (end < 0) fail('unclosed attribute value');
      const value = source.slice(i + 2, end);
      if (value.includes('<')) fail('< in an attribute value');
      checkText(value);
      if (Object.hasOwn(element.attributes, a[0])) fail(`duplicate attribute ${a[0]}`);
      element.attributes[a[0]] = decode(value);
      i = end + 1;
    }
    if (stack.length) {
      stack[stack.length - 1].children.push(element);
      stack[stack.length - 1].content.push(element);
    } else if (root) fail('a second root element');
    else root = element;
    if (source.startsWith('/>', i)) i += 2;
    else {
      i++;
      stack.push(element);
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].name}> not closed`);
  return root ?? fail('no root element');
}

/** Every element of the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}

/** All text under an element. */
export function textOf(element: XmlElement): string {
  return element.content.map((part) => (typeof part === 'string' ? part : textOf(part))).join('');
}
