package dev.asrun.compiler.execution;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.swing.text.MutableAttributeSet;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.parser.ParserDelegator;

/**
 * A form as the engine renders it for Tasklist ({@code formService.getRendered*Form}), read the
 * way a browser reads it: the elements it creates, and its text and attribute values with
 * character references decoded.
 *
 * @param tags the names of all elements, lower case, in document order
 * @param texts the text chunks, whitespace collapsed
 * @param attributeValues every attribute value
 * @param angularBound the text chunks and attribute values outside {@code ng-non-bindable}
 *     elements: Tasklist compiles the form with AngularJS, which evaluates {@code {{...}}} there
 */
record RenderedForm(List<String> tags, List<String> texts, List<String> attributeValues,
    List<String> angularBound) {

  /** An element carrying {@code ng-non-bindable}, with everything up to its matching end tag. */
  private static final Pattern NON_BINDABLE = Pattern.compile(
      "<([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*\\bng-non-bindable\\b[^>]*>.*?</\\1\\s*>", Pattern.DOTALL);

  static RenderedForm parse(Object rendered) {
    String html = String.valueOf(rendered);
    Collector all = collect(html);
    Collector bound = collect(NON_BINDABLE.matcher(html).replaceAll(""));
    List<String> angularBound = new ArrayList<>(bound.texts);
    angularBound.addAll(bound.attributeValues);
    return new RenderedForm(all.tags, all.texts, all.attributeValues, angularBound);
  }

  /** All text of the form in one string, chunks separated by a space. */
  String text() {
    return String.join(" ", texts);
  }

  private static Collector collect(String html) {
    Collector collector = new Collector();
    try {
      new ParserDelegator().parse(new StringReader(html), collector, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return collector;
  }

  private static final class Collector extends HTMLEditorKit.ParserCallback {
    final List<String> tags = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final List<String> attributeValues = new ArrayList<>();

    @Override
    public void handleStartTag(HTML.Tag tag, MutableAttributeSet attributes, int position) {
      element(tag, attributes);
    }

    @Override
    public void handleSimpleTag(HTML.Tag tag, MutableAttributeSet attributes, int position) {
      if (attributes.isDefined(HTML.Attribute.ENDTAG)) {
        return;
      }
      element(tag, attributes);
    }

    @Override
    public void handleText(char[] data, int position) {
      String text = new String(data).replaceAll("\\s+", " ").strip();
      if (!text.isEmpty()) {
        texts.add(text);
      }
    }

    private void element(HTML.Tag tag, MutableAttributeSet attributes) {
      tags.add(tag.toString().toLowerCase(Locale.ROOT));
      Enumeration<?> names = attributes.getAttributeNames();
      while (names.hasMoreElements()) {
        Object name = names.nextElement();
        if (name == HTML.Attribute.ENDTAG || IMPLIED.equals(name)) {
          continue;
        }
        attributeValues.add(String.valueOf(attributes.getAttribute(name)));
      }
    }
  }
}
