package dev.gantry.extauth.evaluator.hmac;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of {@code Authorization: hmac username="..", algorithm="..", headers="..", signature=".."}
 * (the HTTP-signature scheme Kong's and Gloo's HMAC checks read).
 *
 * @param headers the lower-case header names signed, in order; {@code request-line} stands for the request line
 */
record HmacAuthorization(String username, String algorithm, List<String> headers, String signature) {

    private static final Pattern PARAM = Pattern.compile("\\s*([a-zA-Z]+)\\s*=\\s*\"([^\"]*)\"\\s*(,|$)");

    /** Empty when the header is absent or not of this scheme. */
    static HmacAuthorization parse(String header) {
        if (header == null || header.length() < 5 || !header.regionMatches(true, 0, "hmac ", 0, 5)) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(header.substring(5));
        int end = 0;
        while (m.find() && m.start() == end) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            end = m.end();
        }
        if (end != header.length() - 5) {
            return null;
        }
        String username = params.get("username");
        String algorithm = params.get("algorithm");
        String signature = params.get("signature");
        if (username == null || algorithm == null || signature == null) {
            return null;
        }
        String headers = params.getOrDefault("headers", "date").trim().toLowerCase(Locale.ROOT);
        return new HmacAuthorization(username, algorithm.toLowerCase(Locale.ROOT),
                headers.isEmpty() ? List.of() : List.of(headers.split("\\s+")), signature);
    }
}
