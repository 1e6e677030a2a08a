package dev.gantry.extauth.engine;

import dev.gantry.extauth.evaluator.AuthEvaluator;

/** One named check of a compiled config: its evaluator and the kind it was compiled as. */
record CompiledCheck(String name, String kind, AuthEvaluator evaluator) {
}
