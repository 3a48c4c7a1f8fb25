using FolderSync.Common.Protocol;

namespace FolderSync.Server.Engine;

/// <summary>A client the handshake let in: the folder it may subscribe to, its HELLO, and how it got in (for the log).</summary>
internal readonly record struct Admission(PublishedFolder Folder, HelloMessage Hello, string Security);
