package dev.asrun.examples.security;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A user logged in to Cockpit as the browser is: a session cookie from Camunda's login form, and
 * Camunda's CSRF token (cookie {@code XSRF-TOKEN}) sent back as {@code X-XSRF-TOKEN} on every
 * write, so the as-run plugin's REST resources are called exactly as the plugin's pages call them.
 */
final class CockpitSession {

  /** The header a write carries Camunda's CSRF token in. */
  static final String TOKEN_HEADER = "X-XSRF-TOKEN";

  private static final String TOKEN_COOKIE = "XSRF-TOKEN";
  private static final String PLUGIN = "/camunda/api/cockpit/plugin/asrun/default/";

  private final String base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;

  private CockpitSession(int port) {
    this.base = "http://localhost:" + port;
    this.client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).build();
  }

  /**
   * Logs {@code user} in to Cockpit with {@code password}, as its login form does.
   *
   * @throws AssertionError if Camunda does not log the user in
   */
  static CockpitSession login(int port, String user, String password) throws Exception {
    CockpitSession session = new CockpitSession(port);
    session.send(HttpRequest.newBuilder(session.uri("/camunda/app/cockpit/default/")).GET());
    String form =
        "username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> login =
        session.send(
            session
                .withToken(
                    HttpRequest.newBuilder(
                        session.uri("/camunda/api/admin/auth/user/default/login/cockpit")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    if (login.statusCode() != 200) {
      throw new AssertionError(
          "Cockpit did not log in " + user + ": " + login.statusCode() + " " + login.body());
    }
    // the session changed at login: a read gives the new session its CSRF token
    session.get("procedures");
    return session;
  }

  /**
   * A browser that opened Cockpit without logging in: it holds the webapp's CSRF token, but no
   * user.
   */
  static CockpitSession anonymous(int port) throws Exception {
    CockpitSession session = new CockpitSession(port);
    session.send(HttpRequest.newBuilder(session.uri("/camunda/app/cockpit/default/")).GET());
    return session;
  }

  /** GETs {@code path} of the as-run plugin's REST resources. */
  HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET());
  }

  /** POSTs {@code json} to {@code path} of the as-run plugin's REST resources, with the token. */
  HttpResponse<String> post(String path, String json) throws Exception {
    return send(
        withToken(request(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A request to {@code path} of the as-run plugin's REST resources, with no token of its own. */
  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(PLUGIN + path));
  }

  /** The CSRF token the webapp gave this session, as its script reads it from the cookie. */
  Optional<String> token() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals(TOKEN_COOKIE))
        .map(HttpCookie::getValue)
        .reduce((first, last) -> last);
  }

  /** Sends {@code request} with the session's cookie, as the browser does. */
  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder withToken(HttpRequest.Builder request) {
    token().ifPresent(token -> request.header(TOKEN_HEADER, token));
    return request;
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }
}
