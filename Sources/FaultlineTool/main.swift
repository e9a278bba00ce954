import FaultlineCLI

FaultlineCommandLine.main()
