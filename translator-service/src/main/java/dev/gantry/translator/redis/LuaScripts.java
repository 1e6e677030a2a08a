package dev.gantry.translator.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads the translator's Lua scripts from the classpath once. {@code RedisScript.of(Resource)} asks the resource
 * whether it was modified on every execution (a jar entry lookup each time: a visible share of a snapshot write);
 * a script read into a string is hashed once and never looked up again.
 */
final class LuaScripts {

    private LuaScripts() {
    }

    static <T> RedisScript<T> load(String classpathResource, Class<T> resultType) {
        try (InputStream in = LuaScripts.class.getClassLoader().getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + classpathResource + " on the classpath");
            }
            return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + classpathResource, e);
        }
    }
}
