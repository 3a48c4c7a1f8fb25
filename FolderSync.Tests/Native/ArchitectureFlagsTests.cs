using System.Runtime.InteropServices;
using FolderSync.Common.Native;

namespace FolderSync.Tests.Native;

public sealed class ArchitectureFlagsTests
{
    // The numbers as the kernel headers write them (octal):
    // x86-64 takes include/uapi/asm-generic/fcntl.h: O_DIRECTORY 00200000, O_NOFOLLOW 00400000.
    // arm64 overrides them in arch/arm64/include/uapi/asm/fcntl.h: O_DIRECTORY 040000, O_NOFOLLOW 0100000
    // (and there O_DIRECT is 0200000, O_LARGEFILE 0400000: x86-64's two numbers mean something else on arm64).
    [TestCase(Architecture.X64, "00200000", "00400000")]
    [TestCase(Architecture.Arm64, "040000", "0100000")]
    public void Each_supported_architecture_has_the_numbers_of_its_kernel_header(Architecture architecture, string oDirectory, string oNoFollow)
    {
        var expected = new ArchitectureFlags(ODirectory: Convert.ToInt32(oDirectory, 8), ONoFollow: Convert.ToInt32(oNoFollow, 8));

        Assert.That(ArchitectureFlags.For(architecture), Is.EqualTo(expected));
        Assert.That(ArchitectureFlags.Problem(architecture), Is.Null);
    }

    [Test]
    public void The_process_uses_the_table_of_its_own_architecture()
    {
        var own = ArchitectureFlags.For(RuntimeInformation.ProcessArchitecture);

        Assert.That(own, Is.Not.Null, $"the suite runs on {RuntimeInformation.ProcessArchitecture}");
        Assert.That((LibC.ODirectory, LibC.ONoFollow), Is.EqualTo((own!.ODirectory, own.ONoFollow)));
    }

    [TestCase(Architecture.X86)]
    [TestCase(Architecture.Arm)]
    [TestCase(Architecture.RiscV64)]
    [TestCase(Architecture.LoongArch64)]
    public void Another_architecture_has_no_table_and_a_one_line_reason(Architecture architecture)
    {
        Assert.That(ArchitectureFlags.For(architecture), Is.Null);
        Assert.That(ArchitectureFlags.Problem(architecture), Does.StartWith($"{architecture} is not supported").And.Not.Contains("\n"));
    }
}
