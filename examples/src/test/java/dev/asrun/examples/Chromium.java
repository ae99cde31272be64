package dev.asrun.examples;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.TimeoutError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Headless Chromium from the system's packages ({@code /usr/bin/chromium}, never a browser
 * download), driven by Playwright, as the browser tests use it: one browser per test class, a
 * context per test, a login form for Camunda's webapps and screenshots under {@code
 * target/screenshots/}. Public for the browser checks of {@code compat-tests}, which get it from
 * this module's test jar.
 */
public final class Chromium implements AutoCloseable {

  static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  static final String EXECUTABLE = "/usr/bin/chromium";

  /** Two CPU cores shared with builds: a webapp's first load can take long. */
  static final double PATIENCE_MS = 120_000;

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  public static Chromium launch() {
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Browser browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get(EXECUTABLE))
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
    return new Chromium(playwright, browser);
  }

  /** A fresh context (no cookies) with a wide viewport and patient timeouts. */
  public BrowserContext newContext() {
    BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1600, 1000));
    context.setDefaultTimeout(PATIENCE_MS);
    context.setDefaultNavigationTimeout(PATIENCE_MS);
    return context;
  }

  /**
   * Logs in on the login form of the Camunda webapp at {@code appUrl}. A webapp's first load can
   * render its login form again once its first requests answer, dropping what was typed: the form
   * is filled again, up to three times, before the login counts as failed.
   */
  public static void login(Page page, String appUrl, String user, String password) {
    page.navigate(appUrl);
    for (int attempt = 1; ; attempt++) {
      page.locator("input[ng-model=username]").fill(user);
      page.locator("input[ng-model=password]").fill(password);
      page.locator("button[type=submit]").click();
      try {
        page.waitForFunction(
            "() => !document.querySelector('input[ng-model=password]')",
            null,
            new Page.WaitForFunctionOptions().setTimeout(PATIENCE_MS / 4));
        return;
      } catch (TimeoutError stillOnTheForm) {
        screenshot(page, "login-failed-" + attempt);
        if (attempt == 3) {
          throw new AssertionError(
              "could not log in as "
                  + user
                  + " at "
                  + appUrl
                  + "; the page says: "
                  + page.locator("body").innerText(),
              stillOnTheForm);
        }
      }
    }
  }

  /**
   * Requests once what a webapp loads first, so that the servlets and Jersey applications the app
   * starts lazily are up before the browser waits for them.
   */
  public static void warmUp(int port, List<String> paths) {
    HttpClient client = HttpClient.newHttpClient();
    for (String path : paths) {
      try {
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw new UncheckedIOException("warming up " + path, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted warming up " + path, e);
      }
    }
  }

  /** Saves what {@code page} shows as {@code target/screenshots/<name>.png}. */
  public static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + SCREENSHOTS, e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }

  /**
   * One Chromium for a test class, registered as {@code @RegisterExtension static final
   * Chromium.PerClass chromium = new Chromium.PerClass();}: launched before the class's first test,
   * closed after its last.
   */
  public static final class PerClass implements BeforeAllCallback, AfterAllCallback {

    private Chromium chromium;

    @Override
    public void beforeAll(ExtensionContext context) {
      chromium = launch();
    }

    @Override
    public void afterAll(ExtensionContext context) {
      if (chromium != null) {
        chromium.close();
        chromium = null;
      }
    }

    /** A fresh context of the class's browser, as {@link Chromium#newContext()}. */
    public BrowserContext newContext() {
      return chromium.newContext();
    }
  }
}
