import { describe, expect, it } from 'vitest';
import { escapeHtml, renderTemplate, templateVariables } from './template';

describe('renderTemplate', () => {
  it('fills in variables, with or without spaces inside the braces', () => {
    expect(renderTemplate('Hi {{name}}, re {{ topic }}.', { name: 'Ann', topic: 'billing' })).toBe('Hi Ann, re billing.');
  });

  it('writes numbers and booleans as text', () => {
    expect(renderTemplate('{{n}} / {{b}} / {{z}}', { n: 12.5, b: false, z: 0 })).toBe('12.5 / false / 0');
  });

  it('leaves unknown and null variables empty', () => {
    expect(renderTemplate('[{{missing}}][{{nothing}}]', { nothing: null })).toBe('[][]');
  });

  it('leaves text that is not a variable reference alone', () => {
    expect(renderTemplate('{{1st}} {name} {{ two words }} {{}}', { name: 'x' })).toBe('{{1st}} {name} {{ two words }} {{}}');
  });

  it('does not expand references inside values', () => {
    expect(renderTemplate('{{a}}', { a: '{{b}}', b: 'secret' })).toBe('{{b}}');
  });

  it('bakes no HTML escaping into plain text', () => {
    expect(renderTemplate('{{who}}', { who: 'Tom & <Jerry>' })).toBe('Tom & <Jerry>');
  });

  it('percent-encodes values for URLs, so they cannot add a segment or a parameter', () => {
    expect(renderTemplate('https://x.test/orders/{{id}}?q={{q}}', { id: '../admin', q: 'a b&c=d#e' }, 'url')).toBe(
      'https://x.test/orders/..%2Fadmin?q=a%20b%26c%3Dd%23e',
    );
  });

  it('escapes values for JSON strings, so they cannot close the string', () => {
    const body = renderTemplate('{"name":"{{name}}","n":"{{n}}"}', { name: 'Ann", "admin": true, "x": "\\\n', n: 3 }, 'json');
    expect(JSON.parse(body)).toEqual({ name: 'Ann", "admin": true, "x": "\\\n', n: '3' });
  });
});

describe('templateVariables', () => {
  it('lists each referenced variable once, in order of first use', () => {
    expect(templateVariables('{{b}} {{ a }} {{b}} {{1x}} {{_c9}}')).toEqual(['b', 'a', '_c9']);
  });

  it('lists nothing for plain text', () => {
    expect(templateVariables('no variables {here}')).toEqual([]);
  });
});

describe('escapeHtml', () => {
  it('escapes the characters that could open a tag or attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
