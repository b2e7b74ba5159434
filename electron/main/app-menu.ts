/** The application menu: the usual roles, plus Help > Open logs folder. */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(logsFolder: () => string): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Open logs folder', click: () => void shell.openPath(logsFolder()) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
