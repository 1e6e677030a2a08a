package dev.gantry.translator.model.ir;

/**
 * A certificate and key served by an HTTPS listener, from a {@code kubernetes.io/tls} Secret.
 *
 * @param sdsName the Envoy Secret's name, {@code <namespace>/<name>} of the Kubernetes Secret
 * @param certificateChain PEM
 * @param privateKey the envelope the watcher sealed it in ({@code gantry-enc:...}), opened only by xds-service;
 *                   PEM when an older watcher published it in the clear
 */
public record TlsCertificate(String sdsName, String certificateChain, String privateKey) {

    /** Never the key material: records print themselves in logs and assertion messages. */
    @Override
    public String toString() {
        return "TlsCertificate[" + sdsName + "]";
    }
}
