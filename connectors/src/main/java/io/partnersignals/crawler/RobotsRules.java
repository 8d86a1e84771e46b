package io.partnersignals.crawler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules of a robots.txt (RFC 9309) that apply to one user agent. The groups whose
 * {@code User-agent} is our product token (compared case-insensitively) apply, merged; without one,
 * the {@code *} groups. The longest matching {@code Allow}/{@code Disallow} path wins, {@code Allow} on a
 * tie; {@code *} matches any characters and a final {@code $} anchors the end.
 */
public final class RobotsRules {

    private record Rule(boolean allow, String path, Pattern pattern) {}

    /** No robots.txt (4xx): everything is allowed. */
    public static final RobotsRules ALLOW_ALL = new RobotsRules(List.of());
    /** robots.txt could not be read (5xx, network): nothing is allowed, as RFC 9309 asks. */
    public static final RobotsRules DISALLOW_ALL = new RobotsRules(List.of(rule(false, "/")));

    private final List<Rule> rules;

    private RobotsRules(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * @param text the robots.txt
     * @param userAgent our User-Agent header; its product token (up to the first {@code /} or space) is matched
     */
    public static RobotsRules parse(String text, String userAgent) {
        String token = productToken(userAgent);
        List<Rule> ours = new ArrayList<>();
        List<Rule> anyone = new ArrayList<>();
        boolean matchesUs = false;
        boolean matchesAnyone = false;
        boolean inAgentLines = false;
        boolean groupNamesUs = false;
        for (String rawLine : text.split("\r\n|\r|\n")) {
            String line = rawLine.replaceFirst("#.*", "").strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "user-agent" -> {
                    if (!inAgentLines) { // a User-agent after rules starts a new group
                        matchesUs = false;
                        matchesAnyone = false;
                        inAgentLines = true;
                    }
                    String agent = value.toLowerCase(Locale.ROOT);
                    matchesUs |= agent.equals(token);
                    groupNamesUs |= matchesUs;
                    matchesAnyone |= agent.equals("*");
                }
                case "allow", "disallow" -> {
                    inAgentLines = false;
                    if (value.isEmpty()) {
                        continue; // "Disallow:" with no path allows everything
                    }
                    Rule rule = rule(key.equals("allow"), value);
                    if (matchesUs) {
                        ours.add(rule);
                    }
                    if (matchesAnyone) {
                        anyone.add(rule);
                    }
                }
                default -> inAgentLines = false; // Sitemap, Crawl-delay, ...: not part of a group's rules
            }
        }
        // a group that names us replaces the * groups, even when it has no rules (then all is allowed)
        return new RobotsRules(List.copyOf(groupNamesUs ? ours : anyone));
    }

    /** Whether {@code pathAndQuery} (as in a request line, percent-encoded) may be fetched. */
    public boolean allows(String pathAndQuery) {
        Rule best = null;
        for (Rule rule : rules) {
            if (rule.pattern().matcher(pathAndQuery).lookingAt()
                    && (best == null || rule.path().length() > best.path().length()
                        || rule.path().length() == best.path().length() && rule.allow())) {
                best = rule;
            }
        }
        return best == null || best.allow();
    }

    static String productToken(String userAgent) {
        String token = userAgent.strip().split("[/\\s]", 2)[0];
        return token.toLowerCase(Locale.ROOT);
    }

    private static Rule rule(boolean allow, String path) {
        StringBuilder regex = new StringBuilder();
        String body = CanonicalUrl.encodeIllegal(path.endsWith("$") ? path.substring(0, path.length() - 1) : path);
        String[] parts = body.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        if (path.endsWith("$")) {
            regex.append("$");
        }
        return new Rule(allow, path, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }
}
