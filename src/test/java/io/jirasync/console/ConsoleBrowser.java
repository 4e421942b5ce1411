package io.jirasync.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.logging.Log;

/**
 * A headless Chromium (Debian's chromium and chromium-driver) driving the console, for the browser tests: start
 * it, sign in, go to pages, take screenshots into {@code target/console-screenshots/<name>.png}, and time each step.
 * <p>
 * Use: {@code try (ConsoleBrowser browser = ConsoleBrowser.start(baseUrl)) { browser.step("sign in", () ->
 * browser.signIn(token)); ... }}; closing it prints the steps with their timings and writes them to
 * {@code target/console-screenshots/steps.txt}.
 */
public final class ConsoleBrowser implements AutoCloseable {

    /** Debian's chromedriver; {@code CHROMEDRIVER} names another. */
    static final String DRIVER = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
    /** Debian's chromium; {@code CHROMIUM} names another. */
    static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    /** Where the screenshots and the step timings go. */
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    /** One step of a browser test and how long it took. */
    public record Step(String name, long millis, String screenshot) {
    }

    private final String baseUrl;
    private final WebDriver driver;
    private final Path profile;
    private final List<Step> steps = new ArrayList<>();
    private String lastScreenshot;

    private ConsoleBrowser(String baseUrl, WebDriver driver, Path profile) {
        this.baseUrl = baseUrl;
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether this machine has the browser and its driver (.ci/run installs them). */
    public static boolean available() {
        return new File(DRIVER).canExecute() && new File(CHROMIUM).canExecute();
    }

    /** Starts a headless Chromium with a fresh profile, for the worker at {@code baseUrl} (no trailing slash). */
    public static ConsoleBrowser start(String baseUrl) {
        try {
            Path profile = Files.createTempDirectory("console-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                    .usingAnyFreePort().build();
            Files.createDirectories(SCREENSHOTS);
            return new ConsoleBrowser(baseUrl, new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one step of the test, timed; a step's screenshot (if it took one) is listed with it. */
    public void step(String name, Runnable action) {
        lastScreenshot = null;
        long started = System.nanoTime();
        try {
            action.run();
        } catch (RuntimeException | AssertionError e) {
            screenshot("failed-" + name.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT));
            throw e;
        } finally {
            steps.add(new Step(name, (System.nanoTime() - started) / 1_000_000, lastScreenshot));
        }
    }

    /** The steps so far. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Opens a console path such as {@code /console/sync-log?project=shop}. */
    public void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Signs in on the sign-in page (opening it first) and waits for the page it leads to. */
    public void signIn(String token) {
        open(ConsolePages.SIGN_IN);
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        waitFor(d -> !d.getCurrentUrl().contains("/console/sign-in") || !d.findElements(By.id("sign-in-message")).isEmpty());
    }

    /** Signs out with the layout's button and waits for the sign-in page. */
    public void signOut() {
        driver.findElement(By.id("sign-out")).click();
        waitFor(d -> !d.findElements(By.id("sign-in-form")).isEmpty());
    }

    /** Saves a screenshot of the page as {@code target/console-screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            lastScreenshot = target.toString();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one element this selector finds. */
    public WebElement find(By by) {
        return driver.findElement(by);
    }

    /**
     * Waits up to 10 s for a condition on the page; an element that went stale because a submitted form replaced the
     * page is looked for again at the next poll.
     */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /** The page's HTML as the browser has it now. */
    public String source() {
        return driver.getPageSource();
    }

    /** The driver itself, for what the helpers do not cover. */
    public WebDriver driver() {
        return driver;
    }

    /** The steps as a table: step, milliseconds, screenshot. */
    public String table() {
        return "| step | ms | screenshot |\n|---|---|---|\n" + steps.stream()
                .map(s -> "| " + s.name() + " | " + s.millis() + " | " + (s.screenshot() == null ? "" : s.screenshot()) + " |")
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            String table = table();
            Log.infof("Browser steps:%n%s", table);
            try {
                Files.writeString(SCREENSHOTS.resolve("steps-" + System.currentTimeMillis() + ".md"), table + "\n");
                deleteTree(profile);
            } catch (IOException e) {
                Log.warnf("Browser profile or steps not written: %s", e.getMessage());
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
