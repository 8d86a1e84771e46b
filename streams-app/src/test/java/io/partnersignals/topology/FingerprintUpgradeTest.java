package io.partnersignals.topology;

import static io.partnersignals.topology.Events.partner;
import static io.partnersignals.topology.Events.request;
import static io.partnersignals.topology.Events.response;
import static io.partnersignals.topology.Events.sponsor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.PartnerState;
import io.partnersignals.model.RiskModel;
import io.partnersignals.topology.TopologySettings.StateStorage;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * States written before format 2 hold a fingerprint of the score's text. After an upgrade their
 * first evaluation must compare in that way, so that only a real change is published, and then keep
 * the assessment's fingerprint.
 */
class FingerprintUpgradeTest {

    // no decoded-state cache: every record reads the state from the store, where the test puts it
    private static final TopologySettings SETTINGS = TopologySettings.defaults().withIdleAdvance(false)
            .withStateStorage(StateStorage.IN_MEMORY).withStateCacheSize(0);

    @Test
    void aStateWithATextFingerprintIsNotRepublishedAndThenKeepsTheAssessmentsFingerprint() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            PartnerRisk published = scoreOnePartner(p);
            KeyValueStore<String, PartnerState> states = p.driver.getKeyValueStore(PartnerSignalsTopology.STATE_STORE);
            PartnerState state = states.get("p1");
            RiskModel model = new RiskModel(SETTINGS.model());
            state.setLastFingerprint(RiskRecords.textFingerprint(model.assess(state.copy(), published.getComputedAt())));
            state.setTextFingerprint(true);
            states.put("p1", state);
            assertTrue(states.get("p1").isTextFingerprint(), "stored as format 1");

            p.send(response("x1", "p1", 1.5, "a-request-we-never-sent")); // changes the state, not what a reader sees

            assertEquals(List.of(), p.risks(), "nothing republished");
            PartnerState after = states.get("p1");
            assertFalse(after.isTextFingerprint(), "stored as format 2 from now on");
            assertEquals(model.assess(after.copy(), Events.day(1.5)).fingerprint(), after.getLastFingerprint());
        }
    }

    @Test
    void aTextFingerprintThatDiffersStillPublishes() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            scoreOnePartner(p);
            KeyValueStore<String, PartnerState> states = p.driver.getKeyValueStore(PartnerSignalsTopology.STATE_STORE);
            PartnerState state = states.get("p1");
            state.setLastFingerprint(state.getLastFingerprint() + 1);
            state.setTextFingerprint(true);
            states.put("p1", state);

            p.send(response("x1", "p1", 1.5, "a-request-we-never-sent"));

            assertEquals(1, p.risks().size(), "the stored text fingerprint is not the score's: published");
        }
    }

    private static PartnerRisk scoreOnePartner(PipelineDriver p) {
        p.partners.pipeInput("p1", partner("p1", "Partner 1"));
        p.send(sponsor("s1", "p1", 0, SponsorLevel.MANAGER));
        p.send(request("r1", "p1", 1));
        List<TestRecord<String, PartnerRisk>> risks = p.risks();
        assertEquals(2, risks.size());
        return risks.get(1).value();
    }
}
