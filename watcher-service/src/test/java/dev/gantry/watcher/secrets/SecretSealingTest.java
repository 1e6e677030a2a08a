package dev.gantry.watcher.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.gantry.watcher.publish.SourceListing;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

@ExtendWith(OutputCaptureExtension.class)
class SecretSealingTest {

    private final ResourceObjects objects = new ResourceObjects();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ResourceObject object(String kind, String name) {
        return objects.fromDocument(Map.of("apiVersion", "v1", "kind", kind, "metadata", Map.of("name", name),
                "data", Map.of("tls.key", SecretSealerTest.b64(SecretSealerTest.PEM_KEY))), "file:x.yaml", 1);
    }

    @Test
    void withoutKeysSecretsAreLeftOutAndNamedOnceWhileOtherKindsPass(CapturedOutput output) {
        SecretSealing sealing = new SecretSealing(new SecretSealer(null, objects), meters);
        SourceListing listing = new SourceListing("file:", List.of(object("Secret", "tls"), object("ConfigMap", "cm")),
                Set.of("file:broken.yaml"));

        SourceListing first = sealing.seal(listing, Map.of());
        SourceListing second = sealing.seal(listing, Map.of());

        assertThat(first.objects()).extracting(o -> o.key().toString()).containsExactly("/ConfigMap/default/cm");
        assertThat(second.objects()).hasSize(1);
        assertThat(first.sourcePrefix()).isEqualTo("file:");
        assertThat(first.retainedSources()).containsExactly("file:broken.yaml");
        assertThat(output.getOut().lines().filter(l -> l.contains("ERROR") && l.contains("/Secret/default/tls")))
                .hasSize(1);
        assertThat(output.getOut()).doesNotContain("PRIVATE KEY", SecretSealerTest.b64(SecretSealerTest.PEM_KEY));
        assertThat(meters.counter("gantry.watcher.secrets.refused").count()).isEqualTo(2);
    }
}
