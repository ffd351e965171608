; Dockside's additions to electron-builder's NSIS installer (nsis.include): resources\launchers,
; which holds dockside.cmd (the CLI) and docker-credential-dockside.cmd (the credential helper
; Docker looks up on PATH), goes on the user's Path on install and comes off on uninstall.
;
; Path is not rebuilt in an NSIS string: one holds NSIS_MAX_STRLEN (1024) characters and would
; cut a longer Path. PowerShell edits HKCU\Environment\Path instead, read unexpanded
; (DoNotExpandEnvironmentNames) and written back as REG_EXPAND_SZ, so %USERPROFILE%-style entries
; stay as they are; it adds the directory only when absent and removes exactly that entry. The
; directory reaches it in the environment (DOCKSIDE_LAUNCHERS), so no quoting of a path is needed.

!include WinMessages.nsh

!define DOCKSIDE_PS '"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command'
!define DOCKSIDE_PS_READ "$$d=$$env:DOCKSIDE_LAUNCHERS; $$k=[Microsoft.Win32.Registry]::CurrentUser.CreateSubKey('Environment'); $$e=@([string]$$k.GetValue('Path','',[Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames) -split ';' | Where-Object { $$_ -ne '' });"
!define DOCKSIDE_PS_WRITE "$$k.SetValue('Path',($$n -join ';'),[Microsoft.Win32.RegistryValueKind]::ExpandString)"

!macro docksidePath script
  System::Call 'Kernel32::SetEnvironmentVariable(t "DOCKSIDE_LAUNCHERS", t "$INSTDIR\resources\launchers")i'
  nsExec::ExecToLog `${DOCKSIDE_PS} "${DOCKSIDE_PS_READ} ${script}"`
  Pop $0
  ; Running programs (Explorer, new consoles) read the changed environment.
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
!macroend

!macro customInstall
  !insertmacro docksidePath "if ($$e -notcontains $$d) { $$n=$$e + $$d; ${DOCKSIDE_PS_WRITE} }"
!macroend

!macro customUnInstall
  !insertmacro docksidePath "$$n=@($$e | Where-Object { $$_ -ne $$d }); if ($$n.Count -lt $$e.Count) { ${DOCKSIDE_PS_WRITE} }"
!macroend
