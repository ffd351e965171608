@rem dockside, the CLI of the packaged app (Windows): runs Dockside.exe as Node on the CLI inside
@rem app.asar. This file sits in the install folder, under resources\launchers (on the user's
@rem Path through the installer, resources/build/installer.nsh).
@rem setlocal: ELECTRON_RUN_AS_NODE stays out of the caller's own console (a Dockside.exe started there
@rem later would run as Node).
@setlocal
@set ELECTRON_RUN_AS_NODE=1
@"%~dp0..\..\Dockside.exe" "%~dp0..\app.asar\out\main\cli.js" %*
