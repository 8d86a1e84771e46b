package io.partnersignals.browser;

import io.partnersignals.embedded.EmbeddedKafka;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both are given by path, so that
 * Selenium Manager never runs and nothing is downloaded; each browser gets a fresh profile directory,
 * removed by {@link #close()}, which also stops the browser and the driver.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    /** Where every run leaves its screenshots (module directory: target/browser-screenshots). */
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    /**
     * Whether the browser tests can run here. On a machine with Java only they are skipped with this
     * message, so that the README's test command still passes; CI (CI=true) installs both packages and
     * fails instead of skipping, so they always run there.
     */
    static void assumeInstalled() {
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            String missing = p + " is missing: the browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install --no-install-recommends chromium chromium-driver)";
            if (!Files.isExecutable(p)) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new IllegalStateException(missing);
                }
                Assumptions.abort(missing + "; skipped");
            }
        }
    }

    Browser() throws IOException {
        assumeInstalled();
        profile = Files.createTempDirectory("partner-signals-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver started;
        try {
            started = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            EmbeddedKafka.deleteRecursively(profile);
            throw e;
        }
        driver = started;
        desktop();
    }

    /** A wait of {@link #PATIENCE} (polling every 100 ms) on this browser. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, PATIENCE);
        wait.pollingEvery(Duration.ofMillis(100));
        // the overview redraws its rows from /api/partners every 5 s: an element may go away mid-condition
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The viewport of a desktop browser: 1280×900, no device emulation. */
    void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(DESKTOP);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", DESKTOP.width,
                "height", DESKTOP.height, "deviceScaleFactor", 1, "mobile", false));
    }

    /**
     * A phone's viewport, 390×844, emulated as a mobile device: a page without a viewport meta tag
     * is then laid out 980 px wide, as on a real phone, and the width checks notice.
     */
    void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE.width,
                "height", PHONE.height, "deviceScaleFactor", 1, "mobile", true));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    long number(String js) {
        return ((Number) script("return " + js + ";")).longValue();
    }

    /** Saves the viewport as {@code target/browser-screenshots/<name>.png} and returns the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(shot.toPath());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + name, e);
        }
    }

    /** Stops the browser and the driver and removes the profile, whatever state they are in. */
    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            e.printStackTrace(); // stop the driver all the same
        } finally {
            service.stop();
            EmbeddedKafka.deleteRecursively(profile);
        }
    }
}
