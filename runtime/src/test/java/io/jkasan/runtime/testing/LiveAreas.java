package io.jkasan.runtime.testing;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.state.RuntimeState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Areas a test allocates in the runtime's own vmalloc space, where the checks look: those the test did not free
 * are freed after it ({@code @RegisterExtension}), so no test leaves live areas to the next.
 */
public final class LiveAreas implements AfterEachCallback {
    /** The call site the areas are made at: a rewritten one, as a program's {@code Unsafe.allocateMemory} is. */
    public static final int SITE = CallSites.register(LiveAreas.class.getName(), "alloc", 0, 1, null, -1);

    private final VmallocSpace space = RuntimeState.space();
    private final List<VmallocArea> live = new ArrayList<>();

    /**
     * @param size requested bytes
     * @param kind what the area is for
     * @return a new page-aligned area
     */
    public VmallocArea alloc(long size, VmallocArea.Kind kind) {
        VmallocArea a = space.allocate(size, VmallocSpace.PAGE, kind, SITE);
        live.add(a);
        return a;
    }

    /** @param a an area {@link #alloc} returned, freed now */
    public void free(VmallocArea a) {
        live.remove(a);
        space.free(a.start());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (VmallocArea a : live) {
            space.free(a.start());
        }
        live.clear();
    }
}
