namespace FolderSync.Bench.Runner.Tools;

internal static class Which
{
    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, name))
            .FirstOrDefault(File.Exists);
}
