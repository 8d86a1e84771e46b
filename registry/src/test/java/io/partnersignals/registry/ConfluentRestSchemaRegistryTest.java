package io.partnersignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerRisk;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfluentRestSchemaRegistryTest {

    private static final String BASE = "/apis/ccompat/v7";
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void registersWithThePostOfTheConfluentProtocol() throws Exception {
        int id = client().register("partners-value", partner);

        assertThat(id).isEqualTo(1);
        assertThat(server.requests()).hasSize(1);
        FakeConfluentRegistryServerDouble.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo(BASE + "/subjects/partners-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.accept()).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.authorization()).isNull();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("schema").asText()).isEqualTo(partner.toString());
        assertThat(server.backing().versions("partners-value")).containsExactly(partner);
    }

    @Test
    void sendsNamedTypesInlineSoThatTheSchemaStandsAlone() throws Exception {
        Schema risk = AvroWireSerde.withoutJavaProperties(PartnerRisk.getClassSchema());

        client().register("partner.risk-value", risk);

        String sent = JSON.readTree(server.requests().get(0).body()).get("schema").asText();
        assertThat(new Schema.Parser().parse(sent)).isEqualTo(risk);
        assertThat(sent).contains("\"name\":\"RiskBand\"").contains("\"name\":\"RiskFactor\"").contains("timestamp-millis");
    }

    @Test
    void looksUpARegisteredSchema() {
        server.backing().register("competitors-value", AvroWireSerde.withoutJavaProperties(Competitor.getClassSchema()));
        int id = server.backing().register("partners-value", partner);

        assertThat(client().lookup("partners-value", partner)).isEqualTo(id);
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo(BASE + "/subjects/partners-value");
            assertThat(r.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        });
    }

    @Test
    void fetchesASchemaByIdOnce() {
        int id = server.backing().register("partners-value", partner);
        ConfluentRestSchemaRegistry client = client();

        assertThat(client.byId(id)).isEqualTo(partner);
        assertThat(client.byId(id)).isEqualTo(partner);

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.rawPath()).isEqualTo(BASE + "/schemas/ids/" + id);
        });
    }

    @Test
    void theSerdeCallsTheRegistryOnlyForTheFirstRecord() {
        AvroWireSerde<Partner> producer = AvroWireSerde.forValue(client(), Partner.class);
        byte[] first = producer.serializer().serialize("partners", ContractSamples.partner());
        assertThat(server.requests()).hasSize(1);

        byte[] second = producer.serializer().serialize("partners", ContractSamples.partner());
        assertThat(producer.deserializer().deserialize("partners", first)).isEqualTo(ContractSamples.partner());
        assertThat(server.requests()).as("a second serialize, and reading our own schema, make no HTTP call").hasSize(1);

        AvroWireSerde<Partner> consumer = AvroWireSerde.forValue(client(), Partner.class);
        assertThat(consumer.deserializer().deserialize("partners", first)).isEqualTo(ContractSamples.partner());
        assertThat(consumer.deserializer().deserialize("partners", second)).isEqualTo(ContractSamples.partner());
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).rawPath()).isEqualTo(BASE + "/schemas/ids/1");
    }

    @Test
    void theRegistryClientCachesBelowTheSerdeToo() {
        ConfluentRestSchemaRegistry client = client();
        client.register("partners-value", partner);
        client.register("partners-value", partner);
        client.lookup("partners-value", partner);

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void mapsRegistryErrorsToExceptionsThatNameUrlStatusAndErrorCode() {
        server.backing().register("partners-value", AvroWireSerde.withoutJavaProperties(Competitor.getClassSchema()));

        assertThatThrownBy(() -> client().lookup("partners-value", partner))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.isNotFound()).isTrue();
                })
                .hasMessageContaining("POST " + server.baseUrl() + "/subjects/partners-value")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("error_code 40403")
                .hasMessageContaining("Schema not found");
    }

    @Test
    void anUnknownIdIsAnUnknownSchemaIdForTheSerde() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(client(), Partner.class);

        assertThatThrownBy(() -> serde.deserializer().deserialize("partners", new byte[] {0, 0, 0, 0, 7, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown schema id 7")
                .hasMessageContaining("GET " + server.baseUrl() + "/schemas/ids/7")
                .hasMessageContaining("40403");
    }

    @Test
    void anErrorThatIsNotJsonIsQuoted() {
        server.answerEverythingWith(502, "<html>Bad Gateway</html>");

        assertThatThrownBy(() -> client().byId(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(-1))
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("<html>Bad Gateway</html>");
    }

    @Test
    void aSuccessWithoutAnIdIsAnError() {
        server.answerEverythingWith(200, "{\"unexpected\":true}");

        assertThatThrownBy(() -> client().register("partners-value", partner))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("no schema id");
    }

    @Test
    void sendsBasicAuth() {
        server.requireAuthorization("Basic dXNlcjpwYXNz"); // user:pass
        ConfluentRestSchemaRegistry client =
                new ConfluentRestSchemaRegistry(RegistrySettings.of(server.baseUrl()).withBasicAuth("user:pass"));

        assertThat(client.register("partners-value", partner)).isEqualTo(1);
        assertThat(server.requests().get(0).authorization()).isEqualTo("Basic dXNlcjpwYXNz");
        assertThatThrownBy(() -> client().register("partners-value", partner))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("Unauthorized");
    }

    @Test
    void sendsABearerToken() {
        server.requireAuthorization("Bearer t0ken");
        ConfluentRestSchemaRegistry client =
                new ConfluentRestSchemaRegistry(RegistrySettings.of(server.baseUrl()).withBearerToken("t0ken"));

        assertThat(client.register("partners-value", partner)).isEqualTo(1);
        assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer t0ken");
    }

    @Test
    void encodesSubjectsInThePath() {
        String subject = "odd topic/ä+1-value";

        client().register(subject, partner);

        assertThat(server.requests().get(0).rawPath()).isEqualTo(BASE + "/subjects/odd%20topic%2F%C3%A4%2B1-value/versions");
        assertThat(server.backing().subjects()).containsExactly(subject);
    }

    @Test
    void aTrailingSlashOfTheBaseUrlIsIgnored() {
        new ConfluentRestSchemaRegistry(server.baseUrl() + "/").register("partners-value", partner);

        assertThat(server.requests().get(0).rawPath()).isEqualTo(BASE + "/subjects/partners-value/versions");
    }

    @Test
    void aRegistryThatCannotBeReachedIsNamed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> new ConfluentRestSchemaRegistry(url).byId(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("GET " + url + "/schemas/ids/1 failed");
    }

    @Test
    void requestsTimeOut() {
        server.delayAnswers(Duration.ofSeconds(3));
        ConfluentRestSchemaRegistry client = new ConfluentRestSchemaRegistry(
                RegistrySettings.of(server.baseUrl()).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.byId(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("timed out after 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void settingsFromConfluentClientKeysNeverPrintSecrets() {
        RegistrySettings settings = RegistrySettings.fromConfig(Map.of(
                "schema.registry.url", "https://registry.example:8081/",
                "basic.auth.user.info", "svc:s3cret",
                "http.connect.timeout.ms", "1500",
                "http.read.timeout.ms", 9000));

        assertThat(settings.url()).isEqualTo("https://registry.example:8081");
        assertThat(settings.basicAuthUserInfo()).isEqualTo("svc:s3cret");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMillis(9000));
        assertThat(settings.toString()).contains("svc").doesNotContain("s3cret");
        assertThat(RegistrySettings.of("http://r:8081").withBearerToken("tok").toString()).doesNotContain("tok");
        assertThat(RegistrySettings.of("http://r:8081").requestTimeout()).isEqualTo(RegistrySettings.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void invalidSettingsAreRejected() {
        for (var bad : List.<Runnable>of(
                () -> RegistrySettings.of("registry:8081"),
                () -> RegistrySettings.of("http://r").withBasicAuth("nopassword"),
                () -> new RegistrySettings("http://r", "u:p", "token", null, null),
                () -> RegistrySettings.of("http://r").withTimeouts(Duration.ZERO, null),
                () -> RegistrySettings.fromConfig(Map.of()))) {
            assertThatThrownBy(bad::run).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
