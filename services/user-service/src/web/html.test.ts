import { describe, expect, it } from 'vitest';
import { html, jsonForScript, rawHtml } from './html.ts';

describe('html', () => {
  it('escapes interpolated text, including quotes for attribute values', () => {
    const name = `<script>alert("x")</script>'&`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</p>',
    );
  });

  it('keeps nested html and joins arrays without escaping them twice', () => {
    const items = ['a&b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}${true}`.value).toBe('0true');
  });

  it('passes trusted constants through rawHtml only', () => {
    expect(html`${rawHtml('<b>x</b>')}`.value).toBe('<b>x</b>');
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element or open a comment', () => {
    const out = jsonForScript({ text: '</script><!-- &\u2028' }).value;
    expect(out).not.toMatch(/<|>|&/);
    expect(JSON.parse(out)).toEqual({ text: '</script><!-- &\u2028' });
  });
});
