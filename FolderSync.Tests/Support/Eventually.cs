namespace FolderSync.Tests.Support;

/// <summary>Waits for a condition with a deadline: the only way tests synchronise with daemons.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }

    public static Task FileHasAsync(string path, string content, TimeSpan? timeout = null) =>
        TrueAsync(() => ReadOrNull(path) == content, timeout ?? TimeSpan.FromSeconds(10), $"{path} to hold \"{Shorten(content)}\" (has \"{Shorten(ReadOrNull(path))}\")");

    /// <summary>Until <paramref name="path"/> holds exactly <paramref name="expected"/> (length, then SHA-256).</summary>
    public static Task FileHasBytesAsync(string path, byte[] expected, TimeSpan? timeout = null)
    {
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected));
        return TrueAsync(
            () =>
            {
                try
                {
                    return new FileInfo(path) is { Exists: true } info && info.Length == expected.Length
                        && Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))) == sha;
                }
                catch (IOException)
                {
                    return false;
                }
            },
            timeout ?? TimeSpan.FromSeconds(20),
            $"{path} holds the expected {expected.Length} bytes");
    }

    public static Task GoneAsync(string path, TimeSpan? timeout = null) =>
        TrueAsync(() => !File.Exists(path) && !Directory.Exists(path), timeout ?? TimeSpan.FromSeconds(10), $"{path} to be gone");

    public static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Shorten(string? text) => text is null ? "<absent>" : text.Length > 40 ? text[..40] + "…" : text;
}
