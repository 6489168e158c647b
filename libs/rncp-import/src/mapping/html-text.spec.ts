import { decodeHtmlEntities, plainText, textLines } from './html-text';

describe('textLines', () => {
  it('takes list items as lines and drops the text around lists', () => {
    expect(textLines('<p>Compétences :</p><ul><li>Organiser&nbsp;une veille</li><li> <b>Évaluer</b> le contexte </li></ul>')).toEqual([
      'Organiser une veille',
      'Évaluer le contexte',
    ]);
  });

  it('decodes HTML escaped once or twice', () => {
    expect(textLines('&lt;ul&gt;&lt;li&gt;A &amp;amp; B&lt;/li&gt;&lt;/ul&gt;')).toEqual(['A & B']);
    expect(textLines('&amp;lt;li&amp;gt;Un&amp;lt;/li&amp;gt;&amp;lt;li&amp;gt;Deux')).toEqual(['Un', 'Deux']);
  });

  it('splits plain text on newlines and strips bullets', () => {
    expect(textLines('- Un\r\n• Deux\n\n  * Trois  \n–Quatre')).toEqual(['Un', 'Deux', 'Trois', 'Quatre']);
  });

  it('splits paragraphs and line breaks', () => {
    expect(textLines('<p>Un</p><p>Deux<br/>Trois</p>')).toEqual(['Un', 'Deux', 'Trois']);
  });

  it('keeps the text around lists when asked for all of it', () => {
    expect(plainText('<p>Épreuves :</p><ul><li>Un</li><li>Deux</li></ul>')).toBe('Épreuves :\nUn\nDeux');
  });
});

describe('decodeHtmlEntities', () => {
  it('decodes named, decimal and hexadecimal references and leaves unknown ones', () => {
    expect(decodeHtmlEntities('&eacute;t&eacute; &#233; &#xE9; &rsquo; &oelig; &nope; &#0;')).toBe('été é é ’ œ &nope; &#0;');
  });
});
