package dev.gantry.support.actuator;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may read a service's Actuator beyond its health probes ({@code gantry.actuator.auth.*}).
 *
 * @param mode   {@code token} (default): every endpoint but health needs {@code Authorization: Bearer <token>}
 *               with one of {@code tokens}; {@code none}: open, accepted only on a loopback address (development)
 * @param tokens the accepted bearer tokens; two at once while one is rotated. None configured in mode
 *               {@code token} closes everything but health.
 */
@ConfigurationProperties("gantry.actuator.auth")
public record ActuatorAuthProperties(Mode mode, List<String> tokens) {

    public enum Mode { TOKEN, NONE }

    public ActuatorAuthProperties {
        mode = mode == null ? Mode.TOKEN : mode;
        tokens = tokens == null ? List.of() : tokens.stream().filter(t -> t != null && !t.isBlank()).toList();
    }
}
