package dev.gantry.support;

/** What an operator needs from an exception: the reason the far end gave, which is usually its root cause. */
public final class Failures {

    private Failures() {
    }

    /**
     * Every distinct message down the cause chain, outermost first ("Unable to connect to Redis: WRONGPASS ...",
     * "Failed to create topics: Authentication failed ..."), so the root reason is never lost behind a wrapper's.
     */
    public static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (reason.indexOf(message) < 0) {
                reason.append(reason.isEmpty() ? "" : ": ").append(message);
            }
        }
        return reason.toString();
    }
}
