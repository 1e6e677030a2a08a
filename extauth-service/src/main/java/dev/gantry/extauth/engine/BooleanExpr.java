package dev.gantry.extauth.engine;

import java.util.List;
import java.util.Set;

/** An AuthConfig's {@code booleanExpr} over the names of its checks: {@code a && (b || !c)}. */
public sealed interface BooleanExpr {

    record Check(String name) implements BooleanExpr {
    }

    record And(BooleanExpr left, BooleanExpr right) implements BooleanExpr {
    }

    record Or(BooleanExpr left, BooleanExpr right) implements BooleanExpr {
    }

    record Not(BooleanExpr operand) implements BooleanExpr {
    }

    /** What an AuthConfig without {@code booleanExpr} means: every check, in order, must pass. */
    static BooleanExpr allOf(List<String> names) {
        BooleanExpr expr = new Check(names.get(0));
        for (int i = 1; i < names.size(); i++) {
            expr = new And(expr, new Check(names.get(i)));
        }
        return expr;
    }

    /** The check names the expression mentions. */
    default Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>();
        collect(this, names);
        return names;
    }

    private static void collect(BooleanExpr expr, Set<String> names) {
        if (expr instanceof Check c) {
            names.add(c.name());
        } else if (expr instanceof And a) {
            collect(a.left(), names);
            collect(a.right(), names);
        } else if (expr instanceof Or o) {
            collect(o.left(), names);
            collect(o.right(), names);
        } else if (expr instanceof Not n) {
            collect(n.operand(), names);
        }
    }
}
