package io.partnersignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.Partner;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which failures of the REST client mean "the registry could not answer" (retry later) and which are
 * its answer about the schema or record (refuse the record), against a local HTTP server double.
 */
class RegistryOutageClassificationTest {

    private static final String BASE = "/apis/ccompat/v7";

    private final FakeConfluentRegistryServerDouble server = FakeConfluentRegistryServerDouble.start(BASE);
    private final Schema partner = AvroWireSerde.withoutJavaProperties(Partner.getClassSchema());

    @AfterEach
    void stop() {
        server.close();
    }

    private ConfluentRestSchemaRegistry client() {
        return new ConfluentRestSchemaRegistry(server.baseUrl());
    }

    @Test
    void serverErrorsOverloadAndRefusedCredentialsAreUnavailable() {
        for (int status : new int[] {500, 502, 503, 504, 429, 408, 401, 403}) {
            server.answerEverythingWith(status, "{\"error_code\":" + status + ",\"message\":\"no\"}");
            assertThatThrownBy(() -> client().byId(1)).as("HTTP %d", status)
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP " + status);
        }
    }

    @Test
    void theRegistrySayingNotFoundIsItsAnswer() {
        assertThatThrownBy(() -> client().byId(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e).isNotInstanceOf(RegistryUnavailableException.class);
                    assertThat(e.isNotFound()).isTrue();
                });
        assertThatThrownBy(() -> client().lookup("nobody-value", partner))
                .isNotInstanceOf(RegistryUnavailableException.class)
                .isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void aNotFoundWithoutTheRegistrysErrorCodeIsAWrongUrlNotAnAnswer() {
        server.answerEverythingWith(404, "");
        assertThatThrownBy(() -> client().byId(1))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> assertThat(e.isNotFound()).isFalse())
                .hasMessageContaining("is the registry URL right?");
        // a path the registry does not serve: Confluent answers error_code 404, not 40403
        ConfluentRestSchemaRegistry wrongPath = new ConfluentRestSchemaRegistry(server.baseUrl().replace(BASE, BASE + "/x"));
        server.answerEverythingWith(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        assertThatThrownBy(() -> wrongPath.byId(1)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void anIncompatibleOrInvalidSchemaIsAnAnswer() {
        server.answerEverythingWith(409, "{\"error_code\":409,\"message\":\"incompatible\"}");
        assertThatThrownBy(() -> client().register("p-value", partner))
                .isNotInstanceOf(RegistryUnavailableException.class).isInstanceOf(SchemaRegistryException.class);
        server.answerEverythingWith(422, "{\"error_code\":42201,\"message\":\"invalid\"}");
        assertThatThrownBy(() -> client().register("p-value", partner))
                .isNotInstanceOf(RegistryUnavailableException.class).isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void aSuccessThatIsNotTheRegistrysJsonIsAGatewayPageNotAnAnswer() {
        server.answerEverythingWith(200, "<html>maintenance</html>");
        assertThatThrownBy(() -> client().byId(1)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConfluentRestSchemaRegistry closed = new ConfluentRestSchemaRegistry("http://127.0.0.1:" + port);

        assertThatThrownBy(() -> closed.byId(1)).isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(closed::checkReachable).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void aRegistryThatDoesNotAnswerTimesOutAsUnavailable() {
        server.delayAnswers(Duration.ofSeconds(5));
        ConfluentRestSchemaRegistry client = new ConfluentRestSchemaRegistry(
                RegistrySettings.of(server.baseUrl()).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)));

        assertThatThrownBy(() -> client.byId(1)).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("timed out after 200 ms");
    }

    @Test
    void theProbeAsksForTheCompatibilityLevel() {
        server.answerEverythingWith(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        client().checkReachable();
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.rawPath()).isEqualTo(BASE + "/config");
        });
    }

    @Test
    void theSerdeKeepsTheCauseSoThatAnOutageIsToldApartFromABadRecord() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(client(), Partner.class);
        byte[] unknownId = {0, 0, 0, 0, 7, 0};

        Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(
                () -> serde.deserializer().deserialize("partners", unknownId));
        assertThat(unknown).isInstanceOf(SerializationException.class);
        assertThat(RegistryUnavailableException.isCause(unknown)).isFalse();

        server.answerEverythingWith(503, "{\"error_code\":50301,\"message\":\"down\"}");
        Throwable outage = org.assertj.core.api.Assertions.catchThrowable(
                () -> serde.deserializer().deserialize("partners", unknownId));
        assertThat(outage).isInstanceOf(SerializationException.class);
        assertThat(RegistryUnavailableException.isCause(outage)).isTrue();
        assertThat(RegistryUnavailableException.in(outage).httpStatus()).isEqualTo(503);
        Throwable register = org.assertj.core.api.Assertions.catchThrowable(
                () -> serde.serializer().serialize("partners", Partner.newBuilder().setPartnerId("p").setName("P")
                        .setKind(io.partnersignals.contract.PartnerKind.RESELLER).build()));
        assertThat(RegistryUnavailableException.isCause(register)).isTrue();
    }
}
