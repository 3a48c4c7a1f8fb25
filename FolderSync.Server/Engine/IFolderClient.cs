using FolderSync.Common.Protocol;

namespace FolderSync.Server.Engine;

/// <summary>A session as a folder sees it: who it is and how to queue a message to it.</summary>
public interface IFolderClient
{
    string ClientId { get; }

    /// <summary>Client clock + offset = server clock, measured at handshake and refreshed by PING.</summary>
    TimeSpan ClockOffset { get; }

    bool Send(Message message, Func<Stream>? openBody = null);

    /// <summary>A part of the index: queued outside the cap on queued bytes (see PeerLink.SendIndex).</summary>
    bool SendIndex(Message message);
}
