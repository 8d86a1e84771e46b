package io.partnersignals.crawler;

import io.partnersignals.contract.PageKind;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What kind of page a URL and title are. The URL path is the stronger evidence: the first kind whose
 * path pattern is found in the path wins; only then the first kind whose title pattern is found in
 * the title; otherwise GENERAL. Rules are tried in the order PARTNER_DIRECTORY, BENCHMARK, PRESS, PRODUCT.
 */
public final class PageClassifier {

    /** The patterns of one kind; either may be null (not used). */
    public record KindRule(PageKind kind, Pattern path, Pattern title) {}

    private final List<KindRule> rules;

    public PageClassifier(List<KindRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public PageKind classify(URI url, String title) {
        String path = url.getPath() == null ? "/" : url.getPath();
        for (KindRule rule : rules) {
            if (rule.path() != null && rule.path().matcher(path).find()) {
                return rule.kind();
            }
        }
        if (title != null && !title.isBlank()) {
            for (KindRule rule : rules) {
                if (rule.title() != null && rule.title().matcher(title).find()) {
                    return rule.kind();
                }
            }
        }
        return PageKind.GENERAL;
    }
}
