package dev.gantry.translator.features.transformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * One HTTP stream through a script of Envoy's Lua filter, run by LuaJ: the small part of Envoy's Lua stream handle
 * API the generated transformation scripts use ({@code headers():get/replace/add/remove}, {@code body(always_wrap)}
 * with {@code length/getBytes/setBytes}, {@code respond}, {@code streamInfo():dynamicMetadata():get/set}), with the
 * semantics Envoy documents. Request and response share the stream's dynamic metadata, as in Envoy.
 */
public final class EnvoyLuaStream {

    /** One HTTP message (request or response) as the script sees it. */
    public static final class Message {
        public final Map<String, List<String>> headers = new LinkedHashMap<>();
        public String body;

        public Message header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(value);
            return this;
        }

        public Message body(String value) {
            body = value;
            return this;
        }

        public String first(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What {@code respond()} answered, if the script answered the request itself. */
    public record LocalReply(Map<String, String> headers, String body) {
    }

    private final Globals lua = JsePlatform.standardGlobals();
    private final Map<String, LuaTable> metadata = new LinkedHashMap<>();
    public LocalReply localReply;

    public EnvoyLuaStream(String script) {
        lua.load(script, "transformation").call();
    }

    /** Runs {@code envoy_on_request} (when the script has one) on {@code request}. */
    public EnvoyLuaStream request(Message request) {
        run("envoy_on_request", request, true);
        return this;
    }

    /** Runs {@code envoy_on_response} (when the script has one) on {@code response}. */
    public EnvoyLuaStream response(Message response) {
        run("envoy_on_response", response, false);
        return this;
    }

    public boolean has(String function) {
        return !lua.get(function).isnil();
    }

    private void run(String function, Message message, boolean request) {
        LuaValue entry = lua.get(function);
        if (!entry.isnil()) {
            entry.call(handle(message, request));
        }
    }

    private LuaTable handle(Message message, boolean request) {
        LuaTable handle = new LuaTable();
        LuaTable headers = headers(message);
        handle.set("headers", method(args -> headers));
        handle.set("body", method(args -> {
            boolean alwaysWrap = args.narg() >= 2 && args.arg(2).toboolean();
            if (message.body == null && !alwaysWrap) {
                return LuaValue.NIL;
            }
            if (message.body == null) {
                message.body = "";
            }
            return buffer(message);
        }));
        handle.set("respond", method(args -> {
            if (!request) {
                throw new IllegalStateException("respond() is only valid in the request flow (Envoy)");
            }
            Map<String, String> replyHeaders = new LinkedHashMap<>();
            LuaTable table = args.arg(2).checktable();
            for (LuaValue key = table.next(LuaValue.NIL).arg1(); !key.isnil(); key = table.next(key).arg1()) {
                replyHeaders.put(key.tojstring(), table.get(key).tojstring());
            }
            localReply = new LocalReply(replyHeaders, args.arg(3).isnil() ? null : args.arg(3).tojstring());
            return LuaValue.NONE;
        }));
        LuaTable dynamicMetadata = new LuaTable();
        dynamicMetadata.set("set", method(args -> {
            metadata.computeIfAbsent(args.arg(2).checkjstring(), key -> new LuaTable())
                    .set(args.arg(3).checkstring(), args.arg(4));
            return LuaValue.NONE;
        }));
        dynamicMetadata.set("get", method(args -> {
            LuaTable values = metadata.get(args.arg(2).checkjstring());
            return values == null ? LuaValue.NIL : values;
        }));
        LuaTable streamInfo = new LuaTable();
        streamInfo.set("dynamicMetadata", method(args -> dynamicMetadata));
        handle.set("streamInfo", method(args -> streamInfo));
        return handle;
    }

    private static LuaTable headers(Message message) {
        LuaTable headers = new LuaTable();
        headers.set("get", method(args -> {
            String value = message.first(args.arg(2).checkjstring().toLowerCase(Locale.ROOT));
            return value == null ? LuaValue.NIL : LuaValue.valueOf(value);
        }));
        headers.set("replace", method(args -> {
            List<String> values = new ArrayList<>();
            values.add(args.arg(3).checkjstring());
            message.headers.put(args.arg(2).checkjstring().toLowerCase(Locale.ROOT), values);
            return LuaValue.NONE;
        }));
        headers.set("add", method(args -> {
            message.header(args.arg(2).checkjstring(), args.arg(3).checkjstring());
            return LuaValue.NONE;
        }));
        headers.set("remove", method(args -> {
            message.headers.remove(args.arg(2).checkjstring().toLowerCase(Locale.ROOT));
            return LuaValue.NONE;
        }));
        return headers;
    }

    private static LuaTable buffer(Message message) {
        LuaTable buffer = new LuaTable();
        buffer.set("length", method(args -> LuaValue.valueOf(bytes(message.body).length)));
        buffer.set("getBytes", method(args -> {
            byte[] bytes = bytes(message.body);
            int index = args.arg(2).checkint();
            int length = args.arg(3).checkint();
            if (index < 0 || length < 0 || index + length > bytes.length) {
                throw new IllegalArgumentException("index/length out of range (Envoy raises an error)");
            }
            return LuaValue.valueOf(java.util.Arrays.copyOfRange(bytes, index, index + length));
        }));
        buffer.set("setBytes", method(args -> {
            message.body = args.arg(2).checkjstring();
            return LuaValue.NONE;
        }));
        return buffer;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A method called with ':' (the receiver is the first argument). */
    private static VarArgFunction method(java.util.function.Function<Varargs, Varargs> body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }
}
