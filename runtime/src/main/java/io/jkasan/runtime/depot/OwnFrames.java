package io.jkasan.runtime.depot;

import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;

/**
 * Decides which frames are jkasan's own, so that no trace ever shows them (docs/report-format.md).
 *
 * <p>A class is jkasan's if its name is under {@code io.jkasan.} and it was loaded from the same place as
 * the runtime itself (the bootstrap path under the agent, {@code target/classes} in the runtime's own
 * tests). Tests and sample programs that live in {@code io.jkasan.*} packages come from elsewhere and keep
 * their frames.
 */
public final class OwnFrames {
    private static final URL OWN_LOCATION = location(OwnFrames.class);

    private static final ClassValue<Boolean> OWN = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getName().startsWith("io.jkasan.") && Objects.equals(location(type), OWN_LOCATION);
        }
    };

    private OwnFrames() {
    }

    /**
     * @param type a class seen on a stack
     * @return whether it belongs to jkasan
     */
    public static boolean isOwn(Class<?> type) {
        return OWN.get(type);
    }

    private static URL location(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
