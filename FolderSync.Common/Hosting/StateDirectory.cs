namespace FolderSync.Common.Hosting;

/// <summary>State directories hold tokens, keys and the state table: only the daemon's user may enter.</summary>
public static class StateDirectory
{
    public static void Create(string path)
    {
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
