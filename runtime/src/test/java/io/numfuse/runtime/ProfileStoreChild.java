package io.numfuse.runtime;

import java.nio.file.Path;
import java.util.Map;

/** Another process for {@link ProfileStoreTest}: updates the stored profile of the JVM {@code args[1]} times in the directory {@code args[0]}. */
public final class ProfileStoreChild {
    private ProfileStoreChild() {}

    public static void main(String[] args) {
        ProfileStore s = new ProfileStore(Path.of(args[0]), t -> {
            System.out.println("the child measured a profile: it should have read the stored one");
            System.exit(3);
            return null;
        }, t -> "id " + t.name());
        DeviceProfile p = s.profile(JvmTarget.INSTANCE);
        for (int i = 0; i < Integer.parseInt(args[1]); i++) s.update(p.withCorrections(Map.of("child", (double) i)));
    }
}
