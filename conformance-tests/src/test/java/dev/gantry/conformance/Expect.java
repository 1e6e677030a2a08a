package dev.gantry.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One expected exchange of a conformance test, shaped like the suite's {@code http.ExpectedResponse}
 * (conformance/utils/http/http.go) so the Go tests transcribe line by line. Fields left unset keep the
 * suite's defaults: the backend must see the request as sent, the status is 200.
 */
public final class Expect {

    /** The request. */
    String host = "";
    /** The TLS server name, when it differs from the host (misdirected requests); {@code null}: the host's. */
    String sni;
    String method = "GET";
    String path = "/";
    final Map<String, String> headers = new LinkedHashMap<>();
    String scheme = "http";

    /** ExpectedRequest; {@code expectedRequest == false} means "the request as sent". */
    boolean expectedRequest;
    String expectedHost = "";
    String expectedMethod = "";
    String expectedPath = "";
    final Map<String, String> expectedHeaders = new LinkedHashMap<>();
    final List<String> absentHeaders = new ArrayList<>();

    /** RedirectRequest; {@code null} fields are not checked, as in the suite. */
    boolean redirect;
    String redirectScheme = "";
    String redirectHost = "";
    String redirectPort = "";
    String redirectPath = "";

    final Map<String, String> backendSetResponseHeaders = new LinkedHashMap<>();
    int status = 200;
    final Map<String, String> responseHeaders = new LinkedHashMap<>();
    final List<String> responseAbsentHeaders = new ArrayList<>();
    String backend = "";
    String namespace = "";
    final List<String[]> mirroredTo = new ArrayList<>();
    /** How long the echo backend waits before answering ({@code ?delay=} in the suite). */
    java.time.Duration backendDelay = java.time.Duration.ZERO;

    private Expect() {
    }

    public static Expect request(String path) {
        Expect expect = new Expect();
        expect.path = path;
        return expect;
    }

    public Expect host(String value) {
        host = value;
        return this;
    }

    public Expect method(String value) {
        method = value;
        return this;
    }

    public Expect header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** An HTTPS request sent with this SNI, whatever its Host says. */
    public Expect sni(String serverName) {
        scheme = "https";
        sni = serverName;
        return this;
    }

    public Expect https() {
        scheme = "https";
        return this;
    }

    public Expect expectPath(String value) {
        expectedRequest = true;
        expectedPath = value;
        return this;
    }

    public Expect expectHost(String value) {
        expectedRequest = true;
        expectedHost = value;
        return this;
    }

    public Expect expectMethod(String value) {
        expectedRequest = true;
        expectedMethod = value;
        return this;
    }

    public Expect expectHeader(String name, String value) {
        expectedRequest = true;
        expectedHeaders.put(name, value);
        return this;
    }

    public Expect expectAbsent(String... names) {
        expectedRequest = true;
        absentHeaders.addAll(List.of(names));
        return this;
    }

    /** The suite's ExpectedRequest with nothing set: path and method must be the defaults. */
    public Expect expectedRequestGiven() {
        expectedRequest = true;
        return this;
    }

    public Expect redirect(String scheme, String host, String port, String path) {
        redirect = true;
        redirectScheme = scheme;
        redirectHost = host;
        redirectPort = port;
        redirectPath = path;
        return this;
    }

    public Expect backendSets(String name, String value) {
        backendSetResponseHeaders.put(name, value);
        return this;
    }

    public Expect status(int value) {
        status = value;
        return this;
    }

    public Expect responseHeader(String name, String value) {
        responseHeaders.put(name, value);
        return this;
    }

    public Expect responseAbsent(String... names) {
        responseAbsentHeaders.addAll(List.of(names));
        return this;
    }

    public Expect backend(String value, String inNamespace) {
        backend = value;
        namespace = inNamespace;
        return this;
    }

    public Expect namespace(String value) {
        namespace = value;
        return this;
    }

    public Expect mirroredTo(String service, String inNamespace) {
        mirroredTo.add(new String[] {service, inNamespace, ""});
        return this;
    }

    public Expect mirroredTo(String service, String inNamespace, double percent) {
        mirroredTo.add(new String[] {service, inNamespace, String.valueOf(percent)});
        return this;
    }

    public Expect backendDelay(java.time.Duration delay) {
        backendDelay = delay;
        return this;
    }

    @Override
    public String toString() {
        return (sni == null ? "" : "[SNI " + sni + "] ") + method + " " + (host.isEmpty() ? "<gateway>" : host) + path
                + (headers.isEmpty() ? "" : " " + headers)
                + (backend.isEmpty() ? " -> " + status : " -> " + namespace + "/" + backend);
    }
}
