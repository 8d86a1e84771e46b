package io.partnersignals.crawler;

import io.partnersignals.contract.PageKind;
import io.partnersignals.connectors.RegistryTrustConfig;
import io.partnersignals.registry.RegistrySettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The crawler's configuration. The fixed keys are in {@link #DEFINITION}; each partner named in
 * {@code partners} adds {@code partner.<id>.start.urls} and optionally {@code partner.<id>.domains},
 * which are read and checked here because a ConfigDef cannot name them in advance.
 */
public final class CrawlerConfig extends AbstractConfig {

    public static final String TOPIC = "topic";
    public static final String REGISTRY_URL = "registry.url";
    public static final String REGISTRY_BASIC_AUTH = "registry.basic.auth.user.info";
    public static final String REGISTRY_BEARER_TOKEN = "registry.bearer.token";
    public static final String REGISTRY_AUTO_REGISTER = "registry.auto.register";
    public static final String PARTNERS = "partners";
    public static final String US_NAMES = "us.names";
    public static final String US_DOMAINS = "us.domains";
    public static final String MAX_PAGES = "max.pages.per.partner";
    public static final String MAX_DEPTH = "max.depth";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String MAX_RESPONSE_BYTES = "max.response.bytes";
    public static final String HOST_INTERVAL_MS = "per.host.min.interval.ms";
    public static final String CRAWL_INTERVAL_MS = "crawl.interval.ms";
    public static final String REFRESH_INTERVAL_MS = "refresh.interval.ms";
    public static final String USER_AGENT = "user.agent";
    public static final String ALLOW_PRIVATE = "allow.private.addresses";

    /** One partner to crawl. */
    public record PartnerSite(String id, List<URI> startUrls, DomainSet domains) {}

    private static final Pattern PARTNER_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String SEGMENT_START = "(?i)(^|[/_.-])(";
    private static final String SEGMENT_END = ")([/_.-]|$)";
    /** Default patterns per kind, in the order they are tried: path, title. */
    private static final Map<PageKind, String[]> DEFAULT_KIND_PATTERNS = new LinkedHashMap<>();

    static {
        DEFAULT_KIND_PATTERNS.put(PageKind.PARTNER_DIRECTORY, new String[] {
            SEGMENT_START + "partners?|find-a-partner|resellers?|distributors?|alliances?|ecosystem" + SEGMENT_END,
            "(?i)\\b(our partners|partner (directory|program|network|locator|finder)|find a partner|resellers|distributors)\\b"});
        DEFAULT_KIND_PATTERNS.put(PageKind.BENCHMARK, new String[] {
            SEGMENT_START + "benchmarks?|performance" + SEGMENT_END,
            "(?i)\\bbenchmarks?\\b"});
        DEFAULT_KIND_PATTERNS.put(PageKind.PRESS, new String[] {
            SEGMENT_START + "press|news|newsroom|press-releases?|media|case-stud(y|ies)" + SEGMENT_END,
            "(?i)\\b(press release|newsroom|in the news|case study)\\b"});
        DEFAULT_KIND_PATTERNS.put(PageKind.PRODUCT, new String[] {
            SEGMENT_START + "products?|solutions?|shop|store|platform|appliances?" + SEGMENT_END,
            "(?i)\\b(products?|datasheet)\\b"});
    }

    /** {@code page.kind.partner.directory.path.pattern} and the like. */
    public static String kindKey(PageKind kind, String part) {
        return "page.kind." + kind.name().toLowerCase(Locale.ROOT).replace('_', '.') + "." + part + ".pattern";
    }

    public static String startUrlsKey(String partnerId) {
        return "partner." + partnerId + ".start.urls";
    }

    public static String domainsKey(String partnerId) {
        return "partner." + partnerId + ".domains";
    }

    public static final ConfigDef DEFINITION = definition();

    private static ConfigDef definition() {
        String output = "Output";
        String registry = "Schema registry";
        String sites = "Sites";
        String limits = "Limits and politeness";
        String kinds = "Page kinds";
        ConfigDef def = RegistryTrustConfig.define(new ConfigDef())
                .define(TOPIC, Type.STRING, "web.crawl", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Topic the CrawlResult records go to.", output, 1, Width.MEDIUM, "Topic")
                .define(REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> checkRegistryUrl(name, value),
                        Importance.HIGH, "Base URL of a Confluent-compatible schema registry, e.g. http://registry:8081 or "
                                + "http://apicurio:8080/apis/ccompat/v7. The CrawlResult schema is registered (or looked up) "
                                + "under <topic>-value.", registry, 1, Width.LONG, "Registry URL")
                .define(REGISTRY_BASIC_AUTH, Type.PASSWORD, null, Importance.MEDIUM,
                        "user:password for HTTP basic auth to the registry; not together with a bearer token.",
                        registry, 2, Width.MEDIUM, "Registry basic auth")
                .define(REGISTRY_BEARER_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                        "Token sent to the registry as Authorization: Bearer.", registry, 3, Width.MEDIUM, "Registry token")
                .define(REGISTRY_AUTO_REGISTER, Type.BOOLEAN, true, Importance.LOW,
                        "Register the CrawlResult schema; false only looks its id up (it must be registered already).",
                        registry, 4, Width.SHORT, "Auto-register")
                .define(PARTNERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> checkPartnerIds(name, value), Importance.HIGH,
                        "Ids of the partners to crawl (letters, digits, '.', '_', '-'). Each needs partner.<id>.start.urls, "
                                + "a list of absolute http(s) URLs, and may set partner.<id>.domains, the partner's own domains "
                                + "(each with its subdomains; default: the hosts of its start URLs without a leading 'www.'). "
                                + "Links stay within these domains; links elsewhere are outbound.",
                        sites, 1, Width.LONG, "Partners")
                .define(US_NAMES, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), Importance.HIGH,
                        "Our company's names: a page mentions us when its visible text contains one (case-insensitive, "
                                + "as a whole word).", sites, 2, Width.LONG, "Our names")
                .define(US_DOMAINS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), Importance.HIGH,
                        "Our domains: a page links to us when an <a href> goes to one of them or a subdomain.",
                        sites, 3, Width.LONG, "Our domains")
                .define(MAX_PAGES, Type.INT, 200, Range.atLeast(1), Importance.MEDIUM,
                        "Most pages fetched from one partner's site in one crawl.", limits, 1, Width.SHORT, "Max pages")
                .define(MAX_DEPTH, Type.INT, 3, Range.atLeast(0), Importance.MEDIUM,
                        "Most links followed from a start URL (0: the start URLs only).", limits, 2, Width.SHORT, "Max depth")
                .define(REQUEST_TIMEOUT_MS, Type.INT, 10_000, Range.between(100, 300_000), Importance.MEDIUM,
                        "Connect timeout, and the longest a whole request may take.", limits, 3, Width.SHORT, "Request timeout")
                .define(MAX_RESPONSE_BYTES, Type.INT, 2 * 1024 * 1024, Range.between(1024, 64 * 1024 * 1024), Importance.MEDIUM,
                        "Most bytes of a response body read; the rest is not read, and the page is judged by its start.",
                        limits, 4, Width.SHORT, "Max response bytes")
                .define(HOST_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.MEDIUM,
                        "Least time between the end of one request to a host and the start of the next.",
                        limits, 5, Width.SHORT, "Per-host interval")
                .define(CRAWL_INTERVAL_MS, Type.LONG, Duration.ofHours(6).toMillis(), Range.atLeast(1_000), Importance.MEDIUM,
                        "How often a partner's site is crawled again (from the start of one crawl to the next). Pages are "
                                + "fetched every time, but only emitted when their signals changed or their refresh is due.",
                        limits, 6, Width.SHORT, "Crawl interval")
                .define(REFRESH_INTERVAL_MS, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(0), Importance.MEDIUM,
                        "When an unchanged page is due again: it is emitted anew once its last record is this old, so that "
                                + "the risk model, which forgets pages not seen for 30 days, keeps it. Keep it well below that.",
                        limits, 7, Width.SHORT, "Refresh interval")
                .define(USER_AGENT, Type.STRING, "partner-signals-crawler/1.0", (name, value) -> checkUserAgent(name, value),
                        Importance.MEDIUM, "User-Agent header; its product token (before the first '/') is the name "
                                + "robots.txt groups are matched against. Add a contact URL or address.",
                        limits, 8, Width.MEDIUM, "User agent")
                .define(ALLOW_PRIVATE, Type.BOOLEAN, false, Importance.LOW,
                        "Allow requests to loopback, private, link-local, unique-local, multicast and unspecified addresses. "
                                + "Off: such hosts (also as redirect targets) are refused, so that a partner site cannot point "
                                + "the crawler at the network it runs in. For tests only.",
                        limits, 9, Width.SHORT, "Allow private addresses");
        int order = 1;
        for (Map.Entry<PageKind, String[]> kind : DEFAULT_KIND_PATTERNS.entrySet()) {
            String name = kind.getKey().name();
            def.define(kindKey(kind.getKey(), "path"), Type.STRING, kind.getValue()[0], (n, v) -> checkRegex(n, v), Importance.LOW,
                    "Regular expression found in the URL path (decoded) of a " + name + " page; empty: not used. Path "
                            + "patterns are tried first, in the order PARTNER_DIRECTORY, BENCHMARK, PRESS, PRODUCT, then title "
                            + "patterns in the same order; a page matching none is GENERAL.",
                    kinds, order++, Width.LONG, name + " path");
            def.define(kindKey(kind.getKey(), "title"), Type.STRING, kind.getValue()[1], (n, v) -> checkRegex(n, v), Importance.LOW,
                    "Regular expression found in the <title> of a " + name + " page; empty: not used.",
                    kinds, order++, Width.LONG, name + " title");
        }
        return def;
    }

    private final List<PartnerSite> partners;

    public CrawlerConfig(Map<String, String> props) {
        super(DEFINITION, props);
        registrySettings(); // auth settings that do not fit together fail here, not at the first record
        this.partners = partnerSites(props, getList(PARTNERS));
    }

    /** Reads and checks each partner's keys; the messages name the key. */
    static List<PartnerSite> partnerSites(Map<String, String> props, List<String> ids) {
        List<PartnerSite> sites = new ArrayList<>();
        for (String id : ids) {
            String startKey = startUrlsKey(id);
            String starts = props.get(startKey);
            if (starts == null || starts.isBlank()) {
                throw new ConfigException(startKey, starts, "partner '" + id + "' needs at least one start URL");
            }
            List<URI> urls = new ArrayList<>();
            for (String text : starts.split(",")) {
                URI url = CanonicalUrl.parse(text);
                if (url == null) {
                    throw new ConfigException(startKey, starts, "'" + text.strip() + "' is not an absolute http(s) URL");
                }
                urls.add(url);
            }
            String domainsKey = domainsKey(id);
            String domainsText = props.get(domainsKey);
            List<String> names = new ArrayList<>();
            if (domainsText == null || domainsText.isBlank()) {
                urls.forEach(u -> names.add(u.getHost().replaceFirst("^www\\.", "")));
            } else {
                for (String d : domainsText.split(",")) {
                    names.add(d.strip());
                }
            }
            DomainSet domains;
            try {
                domains = DomainSet.of(names);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(domainsKey, domainsText, e.getMessage());
            }
            for (URI url : urls) {
                if (!domains.contains(url.getHost())) {
                    throw new ConfigException(startKey, starts, url + " is not within the partner's domains " + domains);
                }
            }
            sites.add(new PartnerSite(id, List.copyOf(urls), domains));
        }
        return List.copyOf(sites);
    }

    public List<PartnerSite> partners() {
        return partners;
    }

    public String topic() {
        return getString(TOPIC);
    }

    public RegistrySettings registrySettings() {
        Password basic = getPassword(REGISTRY_BASIC_AUTH);
        Password bearer = getPassword(REGISTRY_BEARER_TOKEN);
        try {
            return new RegistrySettings(getString(REGISTRY_URL), basic == null ? null : basic.value(),
                    bearer == null ? null : bearer.value(), null, null, RegistryTrustConfig.trustStore(this));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public boolean autoRegister() {
        return getBoolean(REGISTRY_AUTO_REGISTER);
    }

    public List<String> ourNames() {
        return getList(US_NAMES);
    }

    public DomainSet ourDomains() {
        try {
            return DomainSet.of(getList(US_DOMAINS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(US_DOMAINS, getList(US_DOMAINS), e.getMessage());
        }
    }

    public int maxPages() {
        return getInt(MAX_PAGES);
    }

    public int maxDepth() {
        return getInt(MAX_DEPTH);
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS));
    }

    public int maxResponseBytes() {
        return getInt(MAX_RESPONSE_BYTES);
    }

    public Duration hostInterval() {
        return Duration.ofMillis(getLong(HOST_INTERVAL_MS));
    }

    public Duration crawlInterval() {
        return Duration.ofMillis(getLong(CRAWL_INTERVAL_MS));
    }

    public Duration refreshInterval() {
        return Duration.ofMillis(getLong(REFRESH_INTERVAL_MS));
    }

    public String userAgent() {
        return getString(USER_AGENT);
    }

    public boolean allowPrivateAddresses() {
        return getBoolean(ALLOW_PRIVATE);
    }

    public PageClassifier classifier() {
        List<PageClassifier.KindRule> rules = new ArrayList<>();
        for (PageKind kind : DEFAULT_KIND_PATTERNS.keySet()) {
            rules.add(new PageClassifier.KindRule(kind, compile(getString(kindKey(kind, "path"))),
                    compile(getString(kindKey(kind, "title")))));
        }
        return new PageClassifier(rules);
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isBlank() ? null : Pattern.compile(regex);
    }

    private static void checkRegistryUrl(String name, Object value) {
        try {
            RegistrySettings.of((String) value);
        } catch (RuntimeException e) {
            throw new ConfigException(name, value, "must be an http(s) URL");
        }
    }

    private static void checkPartnerIds(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) value;
        if (ids.isEmpty()) {
            throw new ConfigException(name, value, "name at least one partner");
        }
        for (String id : ids) {
            if (!PARTNER_ID.matcher(id).matches()) {
                throw new ConfigException(name, value, "partner id '" + id + "' may only have letters, digits, '.', '_' and '-'");
            }
        }
        if (ids.stream().distinct().count() != ids.size()) {
            throw new ConfigException(name, value, "a partner is named twice");
        }
    }

    private static ConfigDef.Validator nonEmptyList() {
        return (name, value) -> {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "must name at least one");
            }
        };
    }

    private static void checkUserAgent(String name, Object value) {
        String s = (String) value;
        if (s == null || s.isBlank() || s.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new ConfigException(name, value, "must be printable ASCII, not empty");
        }
    }

    private static void checkRegex(String name, Object value) {
        if (value == null || ((String) value).isBlank()) {
            return;
        }
        try {
            Pattern.compile((String) value);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(name, value, "not a regular expression: " + e.getDescription());
        }
    }
}
