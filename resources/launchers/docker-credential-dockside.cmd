@rem docker-credential-dockside of the packaged app (Windows): runs Dockside.exe as Node on the
@rem helper inside app.asar. This file sits in the install folder, under resources\launchers.
@rem setlocal: ELECTRON_RUN_AS_NODE stays out of the caller's own console (a Dockside.exe started there
@rem later would run as Node).
@setlocal
@set ELECTRON_RUN_AS_NODE=1
@"%~dp0..\..\Dockside.exe" "%~dp0..\app.asar\out\main\credential-helper.cjs" %*
