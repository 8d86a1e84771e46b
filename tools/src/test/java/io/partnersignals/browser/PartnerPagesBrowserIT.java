package io.partnersignals.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The overview and the partner page in a real browser (Debian's headless Chromium), against two
 * instances of the application that have read the example story (see {@link StoryCluster}), with
 * the DOM contract of docs/browser-tests.md. Every wait is a condition with a deadline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerPagesBrowserIT {

    /** examples/story/README.md: the scores on 2026-09-01, highest risk first. */
    static final List<String> RISK_ORDER = List.of("prodigal", "drifter", "fixstars");
    static final List<String> BANDS = List.of("RED", "AMBER", "GREEN");

    private StoryCluster cluster;
    private Browser browser;

    /** A failed test leaves the page it failed on: target/browser-screenshots/failed-<test>.png. */
    @RegisterExtension
    final TestWatcher failureShots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                try {
                    browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
                } catch (RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
        }
    };

    @BeforeAll
    void start() throws Exception {
        // the browser first: without chromium there is no point starting Kafka
        browser = new Browser();
        cluster = new StoryCluster();
        cluster.start();
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @AfterEach
    void backToDesktop() {
        browser.desktop();
    }

    // ---- the harness: passes on the page as it is before the new pages -------------------------

    @Test
    void theHarnessShowsTheCurrentPageBehindTheTokenWithTheStoryPartners() {
        signIn(0);
        browser.driver.get(cluster.base(0) + "/");
        browser.waiting().until(d -> {
            String text = d.findElement(By.tagName("body")).getText();
            return text.contains("prodigal") && text.contains("drifter") && text.contains("fixstars");
        });
        String text = browser.driver.findElement(By.tagName("body")).getText();
        assertThat(text.indexOf("prodigal")).as("prodigal before drifter").isLessThan(text.indexOf("drifter"));
        assertThat(text.indexOf("drifter")).as("drifter before fixstars").isLessThan(text.indexOf("fixstars"));
        assertThat(browser.driver.findElements(By.cssSelector("table tbody tr"))).hasSize(3);
        Path shot = browser.screenshot("harness-overview-1280");
        assertThat(shot).isRegularFile();
    }

    @Test
    void screenshotsOfBothPagesAtDesktopAndPhoneWidth() throws Exception {
        signIn(0);
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                browser.phone();
            } else {
                browser.desktop();
            }
            int width = phone ? Browser.PHONE.width : Browser.DESKTOP.width;
            for (String[] page : new String[][] {{"overview", "/"}, {"partner-prodigal", "/partners/prodigal"}}) {
                browser.driver.get(cluster.base(0) + page[1]);
                browser.waiting().until(d -> "complete".equals(browser.script("return document.readyState;")));
                Path shot = browser.screenshot(page[0] + "-" + width);
                assertThat(Files.size(shot)).as(shot.toString()).isPositive();
            }
        }
    }

    // ---- the token form ------------------------------------------------------------------------

    @Test
    void theTokenFormRefusesAWrongTokenWithAMessageAndLetsTheRightOneIn() {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(cluster.base(0) + "/");
        WebElement form = browser.waiting().until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form#login")));
        form.findElement(By.cssSelector("input[name=token]")).sendKeys("not-the-token");
        form.submit();
        browser.waiting().until(d -> d.findElements(By.cssSelector("form#login")).size() == 1
                && d.findElement(By.tagName("body")).getText().toLowerCase(Locale.ROOT).contains("not right"));
        assertThat(browser.driver.findElements(By.cssSelector("table#partners"))).isEmpty();

        WebElement again = browser.driver.findElement(By.cssSelector("form#login"));
        again.findElement(By.cssSelector("input[name=token]")).sendKeys(cluster.token);
        again.submit();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table#partners")));
        assertThat(browser.driver.findElements(By.cssSelector("form#login"))).isEmpty();
    }

    // ---- the overview --------------------------------------------------------------------------

    @Test
    void theOverviewListsTheStoryPartnersInRiskOrderWithTheirBandsAndLinks() throws Exception {
        Map<String, Integer> scores = new java.util.HashMap<>();
        for (JsonNode p : cluster.json(0, "/api/partners").path("partners")) {
            scores.put(p.path("partnerId").asText(), p.path("score").asInt());
        }
        openOverview();
        List<Map<String, Object>> rows = snapshot();
        assertThat(rows.stream().map(r -> r.get("id")).toList()).isEqualTo(RISK_ORDER);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            String id = RISK_ORDER.get(i);
            assertThat((String) row.get("band")).as("band of " + id).contains(BANDS.get(i));
            // the score first (a trend mark may follow), as GET /api/partners gives it
            assertThat((String) row.get("score")).as("score of " + id).matches("\\s*" + scores.get(id) + "(\\D.*)?");
            assertThat((String) row.get("href")).as("link of " + id).isEqualTo("/partners/" + id);
            assertThat(row.get("cells")).as("cells .change-7d, .change-30d, .band-since, .owner, .reason of " + id)
                    .isEqualTo(List.of(1L, 1L, 1L, 1L, 1L));
        }
        assertThat(browser.driver.findElement(By.cssSelector("table#partners caption")).getText()).isNotBlank();
        for (String band : BANDS) {
            assertThat(browser.driver.findElement(By.cssSelector("#band-counts [data-band=\"" + band + "\"] .count"))
                    .getText().trim()).as("count of " + band).isEqualTo("1");
        }
    }

    @Test
    void theBandFilterShowsOnlyThatBand() {
        openOverview();
        Select filter = new Select(browser.driver.findElement(By.cssSelector("select#band-filter")));
        assertThat(filter.getOptions().stream().map(o -> o.getAttribute("value").toUpperCase(Locale.ROOT)).toList())
                .containsExactly("ALL", "RED", "AMBER", "GREEN");
        for (int i = 0; i < BANDS.size(); i++) {
            String band = BANDS.get(i);
            String partner = RISK_ORDER.get(i);
            select(band);
            browser.waiting().withMessage("only " + partner + " (" + band + ") shown").until(d -> {
                List<Map<String, Object>> shown = visible();
                return shown.stream().map(r -> r.get("id")).toList().equals(List.of(partner))
                        && shown.stream().allMatch(r -> ((String) r.get("band")).contains(band));
            });
        }
        select("ALL");
        browser.waiting().withMessage("all partners shown again").until(d -> visibleIds().equals(RISK_ORDER));
    }

    @Test
    void searchFindsPartnersByNameOrId() {
        openOverview();
        WebElement search = browser.driver.findElement(By.cssSelector("input#search"));
        // by id
        search.clear();
        search.sendKeys("drift");
        browser.waiting().until(d -> visibleIds().equals(List.of("drifter")));
        // by name (examples/story/partners.jsonl: "Prodigal Accelerators"), whatever the case
        search.clear();
        search.sendKeys("ACCELERATORS");
        browser.waiting().until(d -> visibleIds().equals(List.of("prodigal")));
        // nothing matches
        search.clear();
        search.sendKeys("no-such-partner-xyz");
        browser.waiting().until(d -> visibleIds().isEmpty());
        // cleared: all back, in risk order
        clear(search);
        browser.waiting().until(d -> visibleIds().equals(RISK_ORDER));
    }

    // ---- the partner page ----------------------------------------------------------------------

    @Test
    void thePartnerPageShowsTheChartWithOneMarkerPerAlertAndEvidenceLinks() throws Exception {
        int alerts = cluster.json(0, "/api/partners/prodigal/alerts").path("alerts").size();
        // replay gives prodigal two (GREEN->AMBER, AMBER->RED); read as one backlog, the live application may
        // publish the AMBER score and the RED one in one coalesced flush, and so raise GREEN->RED alone
        assertThat(alerts).as("prodigal's alerts in the story").isGreaterThanOrEqualTo(1);

        openPartner(0, "prodigal");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains("Prodigal");
        WebElement chart = browser.driver.findElement(By.cssSelector("svg#score-chart"));
        assertThat(chart.isDisplayed()).isTrue();
        assertThat(chart.findElements(By.cssSelector(".threshold"))).as("band threshold lines").isNotEmpty();
        List<WebElement> markers = chart.findElements(By.cssSelector(".alert-marker"));
        assertThat(markers).as("one marker per alert of /api/partners/prodigal/alerts").hasSize(alerts);
        for (WebElement marker : markers) {
            assertThat(marker.findElements(By.tagName("title"))).as("a marker's <title>").hasSize(1);
        }
        assertThat(browser.driver.findElements(By.cssSelector("ol#alerts li[data-alert-at]"))).hasSize(alerts);

        // the partner's reference data, read on the instance that owns it
        assertThat(browser.driver.findElements(By.cssSelector("#partner-domains a.domain-link")).stream()
                .map(a -> a.getAttribute("href")).toList()).contains("https://prodigal-accel.example/");
        assertThat(browser.driver.findElement(By.id("partner-kind")).getText()).isNotBlank();
        assertThat(browser.driver.findElements(By.cssSelector("table#factors tr[data-factor]"))).isNotEmpty();
        List<WebElement> evidence = browser.driver.findElements(By.cssSelector("table#factors a.evidence-link"));
        assertThat(evidence).as("evidence links of prodigal's crawled pages").isNotEmpty();
        assertThat(evidence.stream().map(a -> a.getAttribute("href")).toList())
                .allSatisfy(href -> assertThat(href).matches("https?://.+"));

        // our side of the partnership: its score under model v2, "not computed" under model v1
        WebElement ourSide = browser.driver.findElement(By.cssSelector("section#our-side"));
        assertThat(ourSide.isDisplayed()).isTrue();
        assertThat(ourSide.findElement(By.tagName("h2")).getText()).isEqualTo("Our side of the partnership");
        assertThat(ourSide.findElement(By.id("our-side-score")).getText())
                .matches("Our-side score \\d{1,3} of 100|Not computed: model .+ does not score our side\\.");
    }

    @Test
    void anAcknowledgementOnInstanceAShowsAfterAReloadAndOnInstanceB() {
        openPartner(0, "prodigal");
        WebElement open = browser.driver.findElements(By.cssSelector("ol#alerts li[data-alert-at]")).stream()
                .filter(li -> !li.findElements(By.cssSelector("button.acknowledge")).isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError("no unacknowledged alert with button.acknowledge"));
        String alertAt = open.getAttribute("data-alert-at");
        String author = "browser-test-" + Long.toHexString(System.nanoTime());
        WebElement form = open.findElement(By.xpath(".//button[contains(@class,'acknowledge')]/ancestor::form"));
        for (WebElement input : form.findElements(By.cssSelector("input[name=author], textarea[name=author]"))) {
            if (input.isDisplayed()) {
                input.clear();
                input.sendKeys(author);
            }
        }
        for (WebElement text : form.findElements(By.cssSelector("input[name=text], textarea[name=text]"))) {
            if (text.isDisplayed()) {
                text.sendKeys("seen in the browser test");
            }
        }
        boolean authorTyped = form.findElements(By.cssSelector("[name=author]")).stream().anyMatch(WebElement::isDisplayed);
        form.findElement(By.cssSelector("button.acknowledge")).click();

        By acknowledged = By.cssSelector("ol#alerts li[data-alert-at=\"" + alertAt + "\"] .acknowledged");
        // the note goes through partner.notes: the page it lands on may not hold it yet, a reload will
        reloadUntilPresent(acknowledged, "the acknowledgement on instance A");
        browser.driver.navigate().refresh();
        browser.waiting().withMessage("the acknowledgement on instance A after a reload")
                .until(ExpectedConditions.presenceOfElementLocated(acknowledged));
        if (authorTyped) {
            assertThat(browser.driver.findElement(acknowledged).getText()).contains(author);
        }

        // instance B reads the note from partner.notes too
        browser.driver.get(cluster.base(1) + "/partners/prodigal");
        signInIfAsked(1, "/partners/prodigal");
        reloadUntilPresent(acknowledged, "the acknowledgement on instance B");
        assertThat(browser.driver.findElement(By.cssSelector("ol#alerts li[data-alert-at=\"" + alertAt
                + "\"]")).findElements(By.cssSelector("button.acknowledge"))).as("no button once acknowledged").isEmpty();
        if (authorTyped) {
            assertThat(browser.driver.findElement(acknowledged).getText()).contains(author);
        }
    }

    // ---- phone width ---------------------------------------------------------------------------

    @Test
    void atPhoneWidthNeitherPageScrollsSideways() {
        signIn(0);
        browser.phone();
        for (String path : List.of("/", "/partners/prodigal")) {
            browser.driver.get(cluster.base(0) + path);
            browser.waiting().until(d -> "complete".equals(browser.script("return document.readyState;")));
            assertThat(browser.number("window.innerWidth")).as("layout viewport of %s (needs a viewport meta tag)", path)
                    .isEqualTo(Browser.PHONE.width);
            long scrollWidth = browser.number("document.documentElement.scrollWidth");
            assertThat(scrollWidth).as("document width of %s at %d px", path, Browser.PHONE.width)
                    .isLessThanOrEqualTo(browser.number("window.innerWidth"));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Signs in on instance {@code i} through the token form, unless the session cookie already lets one in. */
    private void signIn(int i) {
        browser.driver.get(cluster.base(i) + "/");
        signInIfAsked(i, "/");
    }

    private void signInIfAsked(int i, String path) {
        List<WebElement> token = browser.driver.findElements(By.cssSelector("input[name=token]"));
        if (token.isEmpty()) {
            return;
        }
        token.get(0).sendKeys(cluster.token);
        token.get(0).submit();
        browser.waiting().until(d -> d.findElements(By.cssSelector("input[name=token]")).isEmpty());
        browser.driver.get(cluster.base(i) + path);
    }

    /** Reloads the page until {@code what} is on it, within the wait's deadline (every 500 ms: a reload is a request). */
    private void reloadUntilPresent(By what, String description) {
        browser.waiting().withMessage(description).pollingEvery(java.time.Duration.ofMillis(500)).until(d -> {
            if (!d.findElements(what).isEmpty()) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
    }

    private void openOverview() {
        signIn(0);
        browser.waiting().withMessage("the overview's " + RISK_ORDER.size() + " rows")
                .until(d -> snapshot().size() == RISK_ORDER.size());
    }

    private void openPartner(int i, String id) {
        browser.driver.get(cluster.base(i) + "/partners/" + id);
        signInIfAsked(i, "/partners/" + id);
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg#score-chart")));
    }

    /**
     * The overview's rows in one script call (the page redraws them every 5 s): id, whether shown, the
     * band's and the score's text, the link's href attribute and how many of each contract cell it has.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> snapshot() {
        return (List<Map<String, Object>>) browser.script("""
                return Array.from(document.querySelectorAll('table#partners tr[data-partner-id]')).map(function (r) {
                  var text = function (sel) { var e = r.querySelector(sel); return e ? e.textContent : ''; };
                  var link = r.querySelector('.name a');
                  return {id: r.getAttribute('data-partner-id'),
                          shown: r.getClientRects().length > 0 && getComputedStyle(r).visibility !== 'hidden',
                          band: text('.band'), score: text('.score'), href: link ? link.getAttribute('href') : null,
                          cells: ['.change-7d', '.change-30d', '.band-since', '.owner', '.reason']
                              .map(function (c) { return r.querySelectorAll(c).length; })};
                });""");
    }

    private List<Map<String, Object>> visible() {
        return snapshot().stream().filter(r -> Boolean.TRUE.equals(r.get("shown"))).toList();
    }

    private List<String> visibleIds() {
        return visible().stream().map(r -> (String) r.get("id")).toList();
    }

    /** Picks a band in select#band-filter (found afresh: a page without the script reloads on the change). */
    private void select(String band) {
        Select filter = new Select(browser.driver.findElement(By.cssSelector("select#band-filter")));
        String value = filter.getOptions().stream().map(o -> o.getAttribute("value"))
                .filter(v -> v.equalsIgnoreCase(band)).findFirst()
                .orElseThrow(() -> new AssertionError("no option " + band + " in select#band-filter"));
        filter.selectByValue(value);
    }

    /** Empties a text field the way a person does, so that input events fire. */
    private static void clear(WebElement field) {
        field.clear();
        field.sendKeys(" ", org.openqa.selenium.Keys.BACK_SPACE);
    }
}
