package io.partnersignals.crawler;

import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.PageKind;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crawls the partners' sites one request at a time, breadth first from each partner's start URLs,
 * within its domains, depth and page limits, robots.txt and the per-host interval. Each
 * {@link #step()} makes at most one page request (or one robots.txt request) and returns the page's
 * result, or how long nothing is ready. Partners take turns. Not thread-safe: one per task.
 */
final class Crawler {

    /** The outcome of a step: a page to report, or null and how long until something may be ready. */
    record Step(CrawlResult page, long waitNanos) {}

    static final int MAX_REDIRECTS = 5;
    private static final Duration ROBOTS_TTL = Duration.ofHours(24);
    private static final Duration ROBOTS_ERROR_TTL = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(Crawler.class);

    private record Target(URI url, int depth, int redirects) {}

    private record Robots(RobotsRules rules, long expiresAt) {}

    /** One partner's site and its current crawl. */
    private static final class Site {
        final CrawlerConfig.PartnerSite site;
        final Deque<Target> frontier = new ArrayDeque<>();
        final Set<URI> seen = new HashSet<>();
        boolean crawling;
        long nextCrawlAt; // epoch millis; 0: at once
        int pages;
        int skipped;

        Site(CrawlerConfig.PartnerSite site) {
            this.site = site;
        }
    }

    private final List<Site> sites;
    private final PageFetcher fetcher;
    private final PageParser parser;
    private final PageClassifier classifier;
    private final HostPacer pacer;
    private final String userAgent;
    private final int maxPages;
    private final int maxDepth;
    private final long crawlIntervalMillis;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<String, Robots> robotsByOrigin = new HashMap<>();
    private int nextSite;

    Crawler(CrawlerConfig config, List<CrawlerConfig.PartnerSite> partners, PageFetcher fetcher, Clock clock, LongSupplier nanoTime) {
        this.sites = partners.stream().map(Site::new).toList();
        this.fetcher = fetcher;
        this.parser = new PageParser(config.ourNames(), config.ourDomains());
        this.classifier = config.classifier();
        this.pacer = new HostPacer(config.hostInterval());
        this.userAgent = config.userAgent();
        this.maxPages = config.maxPages();
        this.maxDepth = config.maxDepth();
        this.crawlIntervalMillis = config.crawlInterval().toMillis();
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** True when no crawl is running and none is due yet. */
    boolean idle() {
        long now = clock.millis();
        return sites.stream().noneMatch(s -> s.crawling || s.nextCrawlAt <= now);
    }

    Step step() {
        long now = clock.millis();
        long wait = Long.MAX_VALUE;
        for (int i = 0; i < sites.size(); i++) {
            Site site = sites.get((nextSite + i) % sites.size());
            if (!site.crawling) {
                if (now < site.nextCrawlAt) {
                    wait = Math.min(wait, Duration.ofMillis(site.nextCrawlAt - now).toNanos());
                    continue;
                }
                start(site, now);
            }
            Target target = site.frontier.peekFirst();
            if (target == null || site.pages >= maxPages) {
                finish(site);
                wait = Math.min(wait, Duration.ofMillis(Math.max(0, site.nextCrawlAt - now)).toNanos());
                continue;
            }
            long hostWait = pacer.waitNanos(target.url().getHost(), nanoTime.getAsLong());
            if (hostWait > 0) {
                wait = Math.min(wait, hostWait);
                continue;
            }
            nextSite = (nextSite + i + 1) % sites.size();
            return new Step(visit(site), 0);
        }
        return new Step(null, wait);
    }

    private void start(Site site, long now) {
        site.crawling = true;
        site.nextCrawlAt = now + crawlIntervalMillis;
        site.frontier.clear();
        site.seen.clear();
        site.pages = 0;
        site.skipped = 0;
        for (URI url : site.site.startUrls()) {
            if (site.seen.add(url)) {
                site.frontier.add(new Target(url, 0, 0));
            }
        }
        log.info("Crawling partner {} from {}", site.site.id(), site.site.startUrls());
    }

    private void finish(Site site) {
        if (site.crawling) {
            site.crawling = false;
            log.info("Crawled partner {}: {} pages, {} URLs skipped, {} left in the frontier; next crawl at {}",
                    site.site.id(), site.pages, site.skipped, site.frontier.size(), Instant.ofEpochMilli(site.nextCrawlAt));
            site.frontier.clear();
            site.seen.clear();
        }
    }

    /** Fetches the next URL of {@code site}; the result to report, or null. */
    private CrawlResult visit(Site site) {
        Target target = site.frontier.pollFirst();
        URI url = target.url();
        String partner = site.site.id();
        String origin = url.getScheme() + "://" + url.getRawAuthority();
        Robots robots = robotsByOrigin.get(origin);
        if (robots == null || robots.expiresAt() <= clock.millis()) {
            robotsByOrigin.put(origin, fetchRobots(partner, origin));
            site.frontier.addFirst(target); // that was this turn's request to the host
            return null;
        }
        if (!robots.rules().allows(CanonicalUrl.pathAndQuery(url))) {
            log.debug("Partner {}: robots.txt disallows {}", partner, url);
            site.skipped++;
            return null;
        }
        PageFetcher.Response response;
        try {
            response = request(url);
        } catch (AddressGuard.RefusedAddressException e) {
            log.warn("Partner {}: not fetching {}: {}", partner, url, e.getMessage());
            site.skipped++;
            return null;
        } catch (IOException e) {
            log.warn("Partner {}: fetching {} failed: {}", partner, url, e.toString());
            site.skipped++;
            return null;
        }
        if (response.isRedirect()) {
            follow(site, target, response.location());
            return null;
        }
        site.pages++;
        Instant fetchedAt = clock.instant();
        int status = response.status();
        if (status == 404 || status == 410) { // reported: the page is gone, which takes it out of the model
            return new CrawlResult(partner, url.toString(), fetchedAt, status, classifier.classify(url, null), false, false, List.of());
        }
        if (status / 100 != 2) {
            log.warn("Partner {}: {} answered HTTP {}; not reported", partner, url, status);
            return null;
        }
        if (!response.isHtml()) {
            log.debug("Partner {}: {} is {}, not HTML; not reported", partner, url, response.contentType());
            return null;
        }
        if (response.truncated()) {
            log.info("Partner {}: {} is larger than the size cap; judged by its first {} bytes", partner, url, response.body().length);
        }
        PageParser.Page page = parser.parse(response.body(), response.charset(), url, site.site.domains());
        if (target.depth() < maxDepth) {
            for (URI link : page.internalLinks()) {
                if (site.seen.add(link)) {
                    site.frontier.addLast(new Target(link, target.depth() + 1, 0));
                }
            }
        }
        PageKind kind = classifier.classify(url, page.title());
        return new CrawlResult(partner, url.toString(), fetchedAt, status, kind, page.mentionsUs(), page.linksToUs(), page.outboundHosts());
    }

    /** A redirect is crawled as a new URL, with the same checks (domains, robots.txt, pacing, address guard). */
    private void follow(Site site, Target from, String location) {
        URI to = CanonicalUrl.resolve(from.url(), location);
        String partner = site.site.id();
        if (to == null) {
            log.warn("Partner {}: {} redirects to '{}', which is not an http(s) URL", partner, from.url(), location);
        } else if (from.redirects() >= MAX_REDIRECTS) {
            log.warn("Partner {}: {} redirects more than {} times; given up", partner, from.url(), MAX_REDIRECTS);
        } else if (!site.site.domains().contains(to.getHost())) {
            log.info("Partner {}: {} redirects to {}, outside the partner's domains {}; not followed",
                    partner, from.url(), to, site.site.domains());
        } else if (site.seen.add(to)) {
            site.frontier.addFirst(new Target(to, from.depth(), from.redirects() + 1));
            return;
        } else {
            return; // already crawled under its final URL
        }
        site.skipped++;
    }

    private PageFetcher.Response request(URI url) throws IOException, AddressGuard.RefusedAddressException {
        try {
            return fetcher.get(url);
        } finally {
            pacer.finished(url.getHost(), nanoTime.getAsLong());
        }
    }

    /** Reads an origin's robots.txt, following up to 5 redirects; unreadable means disallow all (RFC 9309). */
    private Robots fetchRobots(String partner, String origin) {
        long now = clock.millis();
        URI url = URI.create(origin + "/robots.txt");
        try {
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                if (hop > 0) {
                    awaitTurn(url.getHost());
                }
                PageFetcher.Response response = request(url);
                if (response.isRedirect()) {
                    url = CanonicalUrl.resolve(url, response.location());
                    if (url == null) {
                        break;
                    }
                    continue;
                }
                int status = response.status();
                if (status / 100 == 2) {
                    String text = new String(response.body(), StandardCharsets.UTF_8);
                    return new Robots(RobotsRules.parse(text, userAgent), now + ROBOTS_TTL.toMillis());
                }
                if (status / 100 == 4) {
                    return new Robots(RobotsRules.ALLOW_ALL, now + ROBOTS_TTL.toMillis());
                }
                log.warn("Partner {}: {}/robots.txt answered HTTP {}; not crawling {} for now", partner, origin, status, origin);
                return new Robots(RobotsRules.DISALLOW_ALL, now + ROBOTS_ERROR_TTL.toMillis());
            }
            log.warn("Partner {}: {}/robots.txt redirects too often or to no http(s) URL; not crawling {} for now",
                    partner, origin, origin);
        } catch (AddressGuard.RefusedAddressException e) {
            log.warn("Partner {}: not fetching {}: {}", partner, url, e.getMessage());
        } catch (IOException e) {
            log.warn("Partner {}: reading {} failed: {}; not crawling {} for now", partner, url, e.toString(), origin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Robots(RobotsRules.DISALLOW_ALL, now + ROBOTS_ERROR_TTL.toMillis());
    }

    /** Waits for a host's turn; only between robots.txt redirects, which are rare and short. */
    private void awaitTurn(String host) throws InterruptedException {
        long wait = pacer.waitNanos(host, nanoTime.getAsLong());
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait).toMillis() + 1);
        }
    }
}
