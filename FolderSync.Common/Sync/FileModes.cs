namespace FolderSync.Common.Sync;

/// <summary>
/// The permission bits that travel (docs/sync-model.md, modes): user, group and other rwx, never setuid, setgid or
/// sticky, applied exactly as the peer has them whatever the local umask. Null is a mode not known yet (a row from
/// before schema 3): it never changes a disk's mode.
/// </summary>
public static class FileModes
{
    /// <summary>0777.</summary>
    public const int Mask = 0x1FF;

    /// <summary>0644: what every file written by sync got before modes travelled.</summary>
    public const int Default = 0x1A4;

    /// <summary>The travelling bits of a st_mode (or of a peer's number, whatever else it holds).</summary>
    public static int Of(uint mode) => (int)(mode & Mask);

    /// <summary>
    /// The mode the server keeps when a client changes a file whose mode was <paramref name="baseMode"/> when it last
    /// synced: the side that changed it wins, and when both did the server wins (a mode is metadata, never a conflict copy).
    /// </summary>
    /// <param name="clientMode">Null when the client did not say (its changes carry no mode).</param>
    /// <param name="serverMode">Null for a new file or a mode not known yet.</param>
    public static int? Decide(int? baseMode, int? clientMode, int? serverMode)
    {
        if (clientMode is not { } client)
        {
            return serverMode;
        }

        if (serverMode is not { } server || baseMode is not { } @base)
        {
            return serverMode ?? client;
        }

        return server == @base ? client : server;
    }

    /// <summary>"0755" for logs and messages.</summary>
    public static string Format(int? mode) => mode is { } m ? Convert.ToString(m, 8).PadLeft(4, '0') : "unknown";
}
