namespace FolderSync.Common.Delta;

/// <summary>
/// The 256 random 64-bit values of the gear hash. Generated from a fixed seed (SplitMix64), so every build and
/// every machine cuts the same content at the same places: stored chunk lists stay valid across restarts.
/// </summary>
internal static class GearTable
{
    private const ulong Seed = 0x466F_6C64_6572_5379; // "FolderSy"

    public static ulong[] Values { get; } = Create();

    private static ulong[] Create()
    {
        var values = new ulong[256];
        ulong state = Seed;
        for (int i = 0; i < values.Length; i++)
        {
            state += 0x9E37_79B9_7F4A_7C15;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            values[i] = z ^ (z >> 31);
        }

        return values;
    }
}
