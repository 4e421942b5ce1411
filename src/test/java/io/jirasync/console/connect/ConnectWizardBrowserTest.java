package io.jirasync.console.connect;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.RulesJob;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The console end to end in headless Chromium (Debian's chromium and chromedriver): a new user signs in, connects
 * the sandbox on the Connect page, fixes the required-field finding it shows, previews, saves with auto-create on,
 * sees the first ticket and its sync-log line, and retries a failed task from the page. Each step's time is logged
 * and written to target/console-screenshots/timings.txt, beside a screenshot of every step.
 */
@QuarkusTest
class ConnectWizardBrowserTest {

    private static final Path SHOTS = Path.of("target", "console-screenshots");

    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    FingerprintService fingerprints;

    static WebDriver browser;
    private final List<String> timings = new ArrayList<>();
    private int shot;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1600");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aNewUserConnectsTheSandboxFixesTheRequiredFieldAndRetriesAFailedTask() throws IOException {
        resetSandbox("cloud");
        String project = "wizard-" + System.nanoTime() % 100000;
        // What the tracker has sent before anyone connects Jira: one fingerprint of team Platform.
        ingest(project, List.of("npe-cart"), 2, Map.of("team", "Platform", "hostname", "web-2"));
        fingerprints.foldStaged();

        step("sign in", () -> {
            open("/console");
            waitFor(By.id("token")).sendKeys(ADMIN);
            screenshot("sign-in");
            browser.findElement(By.id("sign-in")).click();
            waitFor(By.id("nav-connect"));
            screenshot("integrations-before");
            return null;
        });
        step("all errors at once", () -> {
            browser.findElement(By.id("nav-connect")).click();
            type("project", project);
            type("jira.url", "not a url");
            type("jira.auth.user", "jira-sync@example.com");
            type("rules.minEvents", "lots");
            browser.findElement(By.id("save")).click();
            waitFor(By.id("form-errors"));
            screenshot("connect-all-errors-at-once");
            assertTrue(besideField("jira.url").contains("http(s) URL"), besideField("jira.url"));
            assertTrue(besideField("rules.minEvents").contains("number"), besideField("rules.minEvents"));
            assertTrue(besideField("projectKey").contains("must not be blank"), besideField("projectKey"));
            assertEquals(project, valueOf("project"), "what was typed is kept");
            assertEquals("jira-sync@example.com", valueOf("jira.auth.user"));
            assertEquals("lots", valueOf("rules.minEvents"));
            return null;
        });
        step("connect the sandbox (probe)", () -> {
            type("jira.url", sandbox());
            type("jira.auth.token", "sandbox-api-token");
            type("rules.minEvents", "1");
            browser.findElement(By.id("probe")).click();
            WebElement ok = waitFor(By.id("probe-ok"));
            assertTrue(ok.getText().contains("jira-sync@example.com"), ok.getText());
            assertEquals("cloud", browser.findElement(By.id("probe-deployment")).getText());
            screenshot("probe");
            return null;
        });
        step("pick project and issue type", () -> {
            new Select(waitFor(By.cssSelector("select#projectKey"))).selectByValue("DEMO");
            waitFor(By.id("screen-fields"));
            assertEquals("Bug", new Select(browser.findElement(By.cssSelector("select#issueType")))
                    .getFirstSelectedOption().getText());
            String team = browser.findElement(By.cssSelector("tr[data-field='customfield_10010']")).getText();
            assertTrue(team.contains("Team") && team.contains("required"), team);
            screenshot("create-screen");
            return null;
        });
        step("preview shows the required-field finding", () -> {
            browser.findElement(By.id("preview-button")).click();
            waitFor(By.id("test-failed"));
            String findings = browser.findElement(By.id("findings")).getText();
            assertTrue(findings.contains("Field 'Team' (customfield_10010) is required for DEMO/Bug and nothing fills it"),
                    findings);
            screenshot("required-field-finding");
            return null;
        });
        step("fix it and preview the exact body", () -> {
            type("customFields[0].field", "Team");
            type("customFields[0].value", "$team");
            browser.findElement(By.id("preview-button")).click();
            waitFor(By.id("test-ok"));
            String body = waitFor(By.id("preview-body")).getText();
            assertTrue(body.contains("\"customfield_10010\"") && body.contains("\"Platform\""), body);
            assertTrue(body.contains("NullPointerException in npe-cart"), body);
            screenshot("preview-fixed");
            return null;
        });
        step("save with auto-create on", () -> {
            WebElement auto = browser.findElement(By.name("rules.autoCreate"));
            if (!auto.isSelected()) {
                auto.click();
            }
            browser.findElement(By.id("save")).click();
            assertEquals("Saved. Fingerprints · Sync log", waitFor(By.id("notice")).getText());
            assertFalse(browser.getPageSource().contains("sandbox-api-token"), "the token is in the page");
            assertEquals("set", browser.findElement(By.id("state-jira.auth.token")).getText());
            screenshot("saved");
            return null;
        });
        String key = step("the first ticket and its sync-log line", () -> {
            rules.runOnce();
            drain();
            open("/console/fingerprints?project=" + project);
            String ticket = waitFor(By.cssSelector("td.ticket a")).getText();
            assertTrue(ticket.startsWith("DEMO-"), ticket);
            screenshot("fingerprints-first-ticket");
            open("/console/sync-log?project=" + project);
            assertTrue(waitFor(By.tagName("main")).getText().contains(ticket), "no sync-log line names " + ticket);
            screenshot("sync-log-first-ticket");
            return ticket;
        });
        long task = step("a create fails", () -> {
            // A fingerprint whose team Jira's Team field does not offer: its create fails, explained.
            ingest(project, List.of("npe-checkout"), 1, Map.of("team", "Marketing"));
            fingerprints.foldStaged();
            rules.runOnce();
            drain();
            open("/console/sync-log?project=" + project + "&outcome=failed");
            WebElement retry = waitFor(By.cssSelector("button.retry-button"));
            screenshot("sync-log-failed-task");
            return Long.parseLong(retry.getAttribute("data-task"));
        });
        step("edit the integration (secrets kept)", () -> {
            open("/console/integrations/" + project + "/edit");
            assertEquals("set", waitFor(By.id("state-jira.auth.token")).getText());
            assertEquals("", valueOf("jira.auth.token"), "a secret's value is never shown");
            type("customFields[0].value", "Platform");
            screenshot("edit");
            browser.findElement(By.id("save")).click();
            waitFor(By.id("notice"));
            return null;
        });
        step("retry the failed task from the page", () -> {
            open("/console/sync-log?project=" + project + "&outcome=failed");
            waitFor(By.cssSelector("button[data-task='" + task + "']")).click();
            assertTrue(waitFor(By.tagName("main")).getText().contains("Task " + task + " is queued again."));
            screenshot("retried");
            drain();
            open("/console/fingerprints?project=" + project);
            waitFor(By.cssSelector("td.ticket a"));
            long tickets = browser.findElements(By.cssSelector("td.ticket a")).size();
            assertEquals(2, tickets, "the retried create did not open its ticket");
            screenshot("fingerprints-after-retry");
            return null;
        });
        assertTrue(key.startsWith("DEMO-"));
        assertEquals(2, given().auth().oauth2(ADMIN).get(sandbox() + "/_control").then().extract()
                .<Number> path("issues").intValue());
        Files.write(SHOTS.resolve("timings.txt"), timings);
    }

    private <T> T step(String name, Supplier<T> body) {
        long start = System.nanoTime();
        T result = body.get();
        String line = String.format("%-45s %6d ms", name, (System.nanoTime() - start) / 1_000_000);
        timings.add(line);
        Log.infof("browser step: %s", line);
        return result;
    }

    private void open(String path) {
        browser.get("http://localhost:" + RestAssured.port + path);
    }

    private static WebElement waitFor(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private static void type(String name, String value) {
        WebElement input = browser.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    private static String valueOf(String name) {
        return browser.findElement(By.name(name)).getAttribute("value");
    }

    private static String besideField(String name) {
        List<WebElement> errors = browser.findElements(By.cssSelector(".field-error[data-for='" + name + "']"));
        return errors.isEmpty() ? "(no error beside " + name + ")" : errors.get(0).getText();
    }

    private void screenshot(String name) {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(file, SHOTS.resolve(String.format("connect-%02d-%s.png", ++shot, name)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
    }
}
