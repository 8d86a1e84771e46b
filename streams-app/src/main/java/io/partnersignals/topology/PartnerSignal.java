package io.partnersignals.topology;

import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.model.FactChanges;
import io.partnersignals.model.PartnerState;
import java.util.List;

/** One input to a partner's state, whichever stream it came from. Lives only inside a sub-topology. */
sealed interface PartnerSignal {

    /** Folds the signal into the state, naming each fact changed; returns whether anything changed. */
    boolean applyTo(PartnerState state, FactChanges changes);

    record Activity(CrmActivity activity) implements PartnerSignal {
        @Override public boolean applyTo(PartnerState state, FactChanges changes) { return state.apply(activity, changes); }
    }

    record Crawl(CrawlResult crawl, List<String> competitorLinks) implements PartnerSignal {
        @Override public boolean applyTo(PartnerState state, FactChanges changes) {
            return state.apply(crawl, competitorLinks, changes);
        }
    }

    record Pricing(PricingEvent event) implements PartnerSignal {
        @Override public boolean applyTo(PartnerState state, FactChanges changes) { return state.apply(event, changes); }
    }

    record Ask(PartnerState.HarmfulAsk ask) implements PartnerSignal {
        @Override public boolean applyTo(PartnerState state, FactChanges changes) { return state.apply(ask, changes); }
    }
}
