package dev.gantry.support.actuator;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets health probes through and asks for a bearer token everywhere else under the Actuator base path.
 * The path judged is the servlet container's decoded and normalised one ({@code servletPath + pathInfo}), not the
 * raw URI, so {@code /actuator/health/../env}, {@code /actuator/health;x/../env} or percent-encoded dots reach
 * the same decision as the endpoint they resolve to.
 */
final class ActuatorAccessFilter extends OncePerRequestFilter {

    private final String basePath;
    private final BearerTokens tokens;

    ActuatorAccessFilter(String basePath, BearerTokens tokens) {
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!guarded(path) || tokens.accepts(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"gantry-actuator\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    private boolean guarded(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        boolean underActuator = lower.equals(basePath) || lower.startsWith(basePath + "/");
        if (!underActuator) {
            return false;
        }
        String rest = lower.substring(basePath.length());
        return !(rest.equals("/health") || rest.startsWith("/health/"));
    }
}
