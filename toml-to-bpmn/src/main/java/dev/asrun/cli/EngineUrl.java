package dev.asrun.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --url}: the base address of a Camunda 7 REST API, over HTTP or HTTPS. */
final class EngineUrl implements ITypeConverter<URI> {

  private static final String EXAMPLE = "e.g. http://localhost:8080/engine-rest";

  @Override
  public URI convert(String value) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new TypeConversionException("not a URL (" + EXAMPLE + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new TypeConversionException("not an http:// or https:// URL (" + EXAMPLE + ")");
    }
    if (uri.getHost() == null) {
      throw new TypeConversionException("the URL names no host (" + EXAMPLE + ")");
    }
    if (uri.getRawUserInfo() != null) {
      throw new TypeConversionException(
          "give the user and password with --user and --password, not in the URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new TypeConversionException(
          "the URL must end at the REST API's base path, without ?query or #fragment ("
              + EXAMPLE
              + ")");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  /** The address of a resource below the base URL, e.g. {@code deployment/create}. */
  static URI resolve(URI base, String relative) {
    return URI.create(base + "/" + relative);
  }
}
