/**
 * The evaluator seam: one class per kind of check.
 *
 * <p>To add a kind of check (say {@code ldap}):
 * <ol>
 *   <li>Write {@code LdapEvaluatorFactory implements AuthEvaluatorFactory}, annotated {@code @Component}, in a
 *       package of its own ({@code dev.gantry.extauth.evaluator.ldap}). {@code kind()} returns {@code "ldap"};
 *       {@code appliesTo(check)} returns {@code check.ldap() != null}; {@code compile(check, context)} validates the
 *       check, opens what it needs from {@code context.secrets()} and returns an immutable {@link
 *       dev.gantry.extauth.evaluator.AuthEvaluator}. Shared infrastructure (HTTP client, Redis, meters, a clock) is
 *       constructor-injected into the factory bean. Nothing else needs to change: {@link
 *       dev.gantry.extauth.evaluator.AuthEvaluatorRegistry} collects every factory bean.</li>
 *   <li>The evaluator decides in memory ({@link dev.gantry.extauth.evaluator.AuthEvaluator.Sync#decide}) or returns
 *       a stage that completes later for remote calls ({@link dev.gantry.extauth.evaluator.AuthEvaluator#evaluate}).
 *       The engine bounds every stage with {@code gantry.extauth.evaluator-timeout}; a stage that fails or times out
 *       refuses the request with 503. Give remote calls their own, shorter timeouts too, and cache their results
 *       (Caffeine's {@code AsyncCache} gives single-flight loading: concurrent identical requests share one call).</li>
 *   <li>Return {@link dev.gantry.extauth.evaluator.AuthOutcome#allow(java.util.Map, java.util.Map)} with headers for
 *       the upstream and the state learned about the caller (it is merged with other passing checks, read by later
 *       checks as {@code request.state()}, and sent to Envoy as dynamic metadata), or a denial: {@code
 *       unauthorized(challenge)} (401 + {@code WWW-Authenticate}), {@code forbidden()} (403), or a {@code
 *       Redirect}. A denial never says why a credential failed; log at debug without the credential.</li>
 *   <li>If the check reads a Secret through a new field, list that field in gantry-model's
 *       {@code AuthCheck#secretRefs()} so the translator ships the Secret with the config.</li>
 *   <li>{@code close()} releases what the evaluator holds (refresh tasks, pools) when its config version is
 *       replaced; in-flight requests may still be finishing on it.</li>
 * </ol>
 * See {@code docs/extauth.md}.
 */
package dev.gantry.extauth.evaluator;
