# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\app
COPY . C:\app\
RUN New-Item -ItemType Directory -Path C:\data ; `
    Write-Host 'created C:\data'
ENV APP_HOME=C:\app `
    LOG_DIR=C:\logs
ENTRYPOINT ["C:\app\server.exe"]
CMD ["C:\\app\\server.exe", "--port", "80"]
