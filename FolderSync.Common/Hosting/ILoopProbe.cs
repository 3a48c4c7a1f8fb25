namespace FolderSync.Common.Hosting;

/// <summary>The daemon's folder loops, as the systemd watchdog sees them.</summary>
public interface ILoopProbe
{
    /// <summary>Completes once every folder loop has run an empty step: it is not stuck in the one before.</summary>
    Task ProbeAsync();
}
